package io.daybit.engine.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.ConsentChanged;
import io.daybit.engine.model.ContactChanged;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.HubProductInteraction;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.ServiceInteraction;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;

/**
 * Writes events as NDJSON in the wire format that {@link EventDecoder} reads. Timestamps are
 * written as ISO 8601 in a chosen zone (with its offset), with milliseconds, or microseconds when
 * the instant has them. Not thread-safe.
 */
public final class EventEncoder implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter MILLIS = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss.SSS").appendOffset("+HH:MM", "Z").toFormatter();
    private static final DateTimeFormatter MICROS = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS").appendOffset("+HH:MM", "Z").toFormatter();

    private final JsonGenerator out;
    private final ZoneId zone;

    /** An encoder writing UTF-8 NDJSON to {@code stream}, timestamps in {@code zone}. */
    public EventEncoder(OutputStream stream, ZoneId zone) {
        try {
            this.out = JSON.createGenerator(stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.setRootValueSeparator(null);
        this.zone = zone;
    }

    /** Formats an instant in epoch microseconds the way the encoder writes {@code ts}. */
    public static String formatTimestamp(long tsMicros, ZoneId zone) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(tsMicros, 1_000_000L),
                Math.floorMod(tsMicros, 1_000_000L) * 1000L);
        DateTimeFormatter f = tsMicros % 1000 == 0 ? MILLIS : MICROS;
        return f.format(instant.atZone(zone));
    }

    /** Writes one event and a newline. */
    public void write(Event e) {
        try {
            out.writeStartObject();
            out.writeStringField("type", e.type().wireName());
            out.writeStringField("account", e.account());
            out.writeStringField("ts", formatTimestamp(e.tsMicros(), zone));
            if (e.id() != null) {
                out.writeStringField("id", e.id());
            }
            writeFields(e);
            out.writeEndObject();
            out.writeRaw('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Writes an arbitrary line as is (for producing deliberately invalid input) and a newline. */
    public void writeRawLine(String line) {
        try {
            out.writeRaw(line);
            out.writeRaw('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void writeFields(Event e) throws IOException {
        switch (e.type()) {
            case ACCOUNT_CREATED -> {
                AccountCreated a = (AccountCreated) e;
                out.writeArrayFieldStart("contacts");
                for (Channel c : Channel.values()) {
                    if (a.contacts().contains(c)) {
                        out.writeString(c.wireName());
                    }
                }
                out.writeEndArray();
                out.writeObjectFieldStart("consents");
                for (Channel c : Channel.values()) {
                    Boolean granted = a.consents().get(c);
                    if (granted != null) {
                        out.writeBooleanField(c.wireName(), granted);
                    }
                }
                out.writeEndObject();
            }
            case CONTACT -> {
                ContactChanged c = (ContactChanged) e;
                out.writeStringField("channel", c.channel().wireName());
                out.writeBooleanField("valid", c.valid());
            }
            case CONSENT -> {
                ConsentChanged c = (ConsentChanged) e;
                out.writeStringField("channel", c.channel().wireName());
                out.writeBooleanField("granted", c.granted());
            }
            case HUB_OPENED -> {
                // no fields of its own
            }
            case SERVICE -> out.writeStringField("action", ((ServiceInteraction) e).action().wireName());
            case HUB_PRODUCT -> {
                HubProductInteraction h = (HubProductInteraction) e;
                out.writeStringField("product", h.product());
                out.writeStringField("action", h.action().wireName());
            }
            case ORDER -> writeOrder((Order) e);
        }
    }

    private void writeOrder(Order o) throws IOException {
        out.writeStringField("order_id", o.orderId());
        out.writeStringField("channel", o.channel().wireName());
        if (o.store() != null) {
            out.writeStringField("store", o.store());
        }
        out.writeBooleanField("signed_in", o.signedIn());
        out.writeArrayFieldStart("lines");
        for (OrderLine l : o.lines()) {
            out.writeStartObject();
            out.writeStringField("product", l.product());
            out.writeNumberField("quantity", l.quantity());
            out.writeNumberField("amount", l.amount());
            if (l.discount() != 0) {
                out.writeNumberField("discount", l.discount());
            }
            if (l.viaHub()) {
                out.writeBooleanField("via_hub", true);
            }
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    /** Flushes buffered output to the stream. */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
