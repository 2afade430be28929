package io.daybit.server.api;

import io.daybit.engine.Dataset;
import io.daybit.engine.RfmSettings;
import io.daybit.engine.NotFoundException;
import io.daybit.server.dto.DatasetDto;
import io.daybit.server.dto.DatasetListDto;
import io.daybit.server.dto.Json;
import io.daybit.server.security.AccessControl;
import io.daybit.server.security.Role;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;

/** Datasets: create, list, show, delete, and their RFM settings. */
final class DatasetsApi extends Resource {
    DatasetsApi(Services services) {
        super(services);
    }

    void list(Context ctx, AccessControl.Caller caller) {
        List<DatasetDto> visible = new ArrayList<>();
        for (Dataset d : services.engine().datasets()) {
            if (caller.may(d.name(), Role.READ) && !services.loading().test(d.name())) {
                try {
                    visible.add(DatasetDto.of(d.info()));
                } catch (NotFoundException deletedMeanwhile) {
                    // deleted between the listing and its info: no longer a dataset
                }
            }
        }
        send(ctx, Json.bytes(new DatasetListDto(visible)));
    }

    void create(Context ctx, AccessControl.Caller caller) throws Exception {
        MediaTypes.require(ctx.contentType(), MediaTypes.JSON, "application/json (a dataset object)");
        Bodies.NewDataset request = Bodies.dataset(Bodies.read(ctx, services.maxBodyBytes()));
        caller.require(request.name(), Role.ADMIN);
        Dataset created = services.engine().createDataset(request.name(), request.settings());
        ctx.header("Location", "/api/v1/datasets/" + created.name());
        send(ctx, 201, Json.bytes(DatasetDto.of(created.info())));
    }

    void show(Context ctx, AccessControl.Caller caller) {
        send(ctx, Json.bytes(DatasetDto.of(dataset(ctx).info())));
    }

    void delete(Context ctx, AccessControl.Caller caller) {
        String name = ctx.pathParam("ds");
        checkLoaded(name);
        services.engine().deleteDataset(name);
        services.cache().forget(name);
        ctx.status(204);
    }

    void putRfm(Context ctx, AccessControl.Caller caller) throws Exception {
        Dataset ds = dataset(ctx);
        MediaTypes.require(ctx.contentType(), MediaTypes.JSON, "application/json (RFM settings)");
        RfmSettings rfm = Bodies.rfm(Bodies.read(ctx, services.maxBodyBytes()));
        ds.updateRfm(rfm);
        send(ctx, Json.bytes(DatasetDto.of(ds.info())));
    }
}
