package io.daybit.engine;

import io.daybit.engine.analytics.MemberPage;
import io.daybit.engine.analytics.RetentionBy;
import io.daybit.engine.analytics.RetentionQueries;
import io.daybit.engine.analytics.RetentionReport;
import io.daybit.engine.analytics.RfmIndex;
import io.daybit.engine.analytics.RfmReport;
import io.daybit.engine.analytics.Segment;
import io.daybit.engine.analytics.TransitionBy;
import io.daybit.engine.analytics.TransitionMatrix;
import io.daybit.engine.codec.BatchReader;
import io.daybit.engine.codec.DecodedLine;
import io.daybit.engine.codec.Rejection;
import io.daybit.engine.ingest.ChangeLog;
import io.daybit.engine.ingest.IngestResult;
import io.daybit.engine.ingest.IngestTarget;
import io.daybit.engine.ingest.IngestWriter;
import io.daybit.engine.ingest.PreparedBatch;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.Order;
import io.daybit.engine.persist.DatasetJournal;
import io.daybit.engine.persist.LogTicket;
import io.daybit.engine.query.AovReport;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.HubOverview;
import io.daybit.engine.query.HubQueries;
import io.daybit.engine.query.PurchaseActivity;
import io.daybit.engine.query.PurchaseFilter;
import io.daybit.engine.query.PurchaseQueries;
import io.daybit.engine.query.QueryLimits;
import io.daybit.engine.query.ServiceInteractions;
import io.daybit.engine.query.TimeFrame;
import io.daybit.engine.query.TimeSpec;
import io.daybit.engine.query.UsersOverview;
import io.daybit.engine.query.UsersQueries;
import io.daybit.engine.store.DatasetStore;
import io.daybit.engine.store.KeyIndexes;
import io.daybit.engine.store.SnapshotInput;
import io.daybit.engine.store.SnapshotOutput;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * One brand's data: its events, settings and every query of the dashboards. Obtained from
 * {@link Engine}; thread-safe.
 *
 * <p>Ingest from any thread goes through the engine's single writer and is applied a whole batch
 * at a time under the dataset's write lock; queries take the read lock, so a query sees every
 * batch either entirely or not at all, never a day's bitmap updated without its counters.
 */
public final class Dataset {
    /** How many idempotency keys are remembered per dataset. */
    public static final int IDEMPOTENCY_KEYS = 100_000;

    private final String name;
    private volatile DatasetSettings settings;
    /** Replaced only while the dataset loads from a snapshot, before other threads see it. */
    private DatasetStore store;
    /** Where the store keeps its account dictionary and order-id index: the heap, or the journal's files. */
    private KeyIndexes indexes = KeyIndexes.onHeap();
    private final RfmIndex rfmIndex = new RfmIndex();
    private final IngestWriter writer;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, IngestResult> answered = new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, IngestResult> eldest) {
            return size() > IDEMPOTENCY_KEYS;
        }
    };
    /** Order ids of batches prepared but not applied yet, to the batch holding each. Writer thread only. */
    private final Map<String, Pending> pendingOrderIds = new HashMap<>();
    /** Idempotency keys of batches prepared but not applied yet. Writer thread only. */
    private final Map<String, Pending> pendingKeys = new HashMap<>();
    private final IngestTarget target = new IngestTarget() {
        @Override
        public PreparedBatch prepare(List<DecodedLine> lines, String idempotencyKey) {
            return Dataset.this.prepare(lines, idempotencyKey);
        }

        @Override
        public void afterGroup() {
            if (journal != null && !deleted && journal.snapshotDue()) {
                journal.writeSnapshot(Dataset.this::writeSnapshot);
            }
        }
    };
    /**
     * Where the dataset's batches and settings are stored, or null in memory. Set once, before the
     * dataset is published to other threads (a stored dataset is replayed first, through it).
     */
    private DatasetJournal journal;
    private final ChangeLog changes = new ChangeLog();
    private volatile boolean deleted;
    /** Set when the engine closed the dataset's journal (a stored dataset only). */
    private volatile boolean engineClosed;

    Dataset(String name, DatasetSettings settings, IngestWriter writer) {
        this.name = name;
        this.settings = settings;
        this.writer = writer;
        this.store = new DatasetStore(settings.timezone(), settings.attributionWindowHours());
    }

    /** The dataset's name. */
    public String name() {
        return name;
    }

    /** The current settings. */
    public DatasetSettings settings() {
        return settings;
    }

    /** Name, settings, and counts of accounts and events. */
    public DatasetInfo info() {
        return read(s -> {
            // not the store's DayClock: it caches for the writer thread, and readers run concurrently
            LocalDate first = s.events() == 0 ? null : dayOf(s.minTsMicros());
            LocalDate last = s.events() == 0 ? null : dayOf(s.maxTsMicros());
            return new DatasetInfo(name, settings, s.accounts().size(), s.events(), first, last);
        });
    }

    private LocalDate dayOf(long tsMicros) {
        return Instant.ofEpochSecond(Math.floorDiv(tsMicros, 1_000_000L))
                .atZone(settings.timezone()).toLocalDate();
    }

    /** Today's date in the dataset's timezone. */
    public LocalDate today() {
        return LocalDate.now(settings.timezone());
    }

    // ---------------------------------------------------------------- ingest

    /** Applies valid events as one batch; duplicates of an accepted {@code order_id} are rejected. */
    public IngestResult ingest(List<? extends Event> events) {
        return ingest(events, null);
    }

    /**
     * Applies valid events as one batch, once per idempotency key: a batch retried with a key
     * already answered is not applied again and gets the first answer.
     *
     * @param idempotencyKey the client's key, or null
     */
    public IngestResult ingest(List<? extends Event> events, String idempotencyKey) {
        List<DecodedLine> lines = new ArrayList<>(events.size());
        int line = 0;
        for (Event e : events) {
            lines.add(new DecodedLine(++line, Objects.requireNonNull(e, "event"), null));
        }
        return submit(lines, idempotencyKey);
    }

    /** Decodes and applies an NDJSON batch; invalid lines are rejected one by one with their reason. */
    public IngestResult ingestNdjson(byte[] body, String idempotencyKey) {
        return submit(new BatchReader().readNdjson(body), idempotencyKey);
    }

    /**
     * Decodes and applies a JSON array of events (line = index + 1).
     *
     * @throws io.daybit.engine.codec.MalformedBatchException when the body is not a JSON array
     */
    public IngestResult ingestJsonArray(byte[] body, String idempotencyKey) {
        return submit(new BatchReader().readJsonArray(body), idempotencyKey);
    }

    /**
     * Applies lines already decoded (valid or not) as one batch. Every ingest method ends here.
     *
     * @throws OverloadedException  when ingest arrives faster than the writer applies it (see
     *                              {@link EngineConfig.IngestQueue}): nothing of the batch is applied;
     *                              retry it later, with the same idempotency key
     * @throws UnavailableException when the engine is closed or the batch cannot be stored
     */
    public IngestResult submit(List<DecodedLine> lines, String idempotencyKey) {
        checkNotDeleted();
        return writer.submit(target, lines, idempotencyKey);
    }

    /**
     * Decides a batch on the writer thread: rejects invalid lines and duplicate order ids (against
     * the store and the batches prepared but not applied yet) and writes the log record.
     */
    private PreparedBatch prepare(List<DecodedLine> lines, String idempotencyKey) {
        checkNotDeleted();
        if (idempotencyKey != null) {
            IngestResult first = answered.get(idempotencyKey);
            if (first != null) {
                return PreparedBatch.answered(first.asReplay());
            }
            Pending earlier = pendingKeys.get(idempotencyKey);
            if (earlier != null) {
                return new Pending(earlier);
            }
        }
        List<Event> accepted = new ArrayList<>(lines.size());
        List<Rejection> rejected = new ArrayList<>();
        Set<String> orderIds = new HashSet<>();
        List<Pending> dependsOn = new ArrayList<>(0);
        for (DecodedLine line : lines) {
            Event e = line.event();
            if (e == null) {
                rejected.add(new Rejection(line.line(), line.error()));
            } else if (e instanceof Order o && (isDuplicate(o.orderId(), dependsOn) || !orderIds.add(o.orderId()))) {
                rejected.add(new Rejection(line.line(), "duplicate order_id '" + o.orderId() + "'"));
            } else {
                accepted.add(e);
            }
        }
        Pending batch = new Pending(idempotencyKey, accepted, new IngestResult(accepted.size(), rejected), orderIds,
                dependsOn);
        for (String id : orderIds) {
            pendingOrderIds.put(id, batch);
        }
        if (journal != null && (!accepted.isEmpty() || idempotencyKey != null)) {
            batch.keys = store.keyMark();
            try {
                reserveKeys(accepted);
                batch.ticket = journal.append(idempotencyKey, rejected, accepted);
            } catch (RuntimeException e) {
                batch.forget();
                throw e;
            }
        }
        if (idempotencyKey != null) {
            pendingKeys.put(idempotencyKey, batch);
        }
        return batch;
    }

    /**
     * Writes the index entries the batch will need before it is logged: index files that cannot
     * grow (a full disk) then refuse it before anything of it is stored or applied.
     *
     * @throws UnavailableException when they cannot be written; none of them stays
     */
    private void reserveKeys(List<Event> accepted) {
        try {
            store.reserveKeys(accepted);
        } catch (RuntimeException | InternalError e) {
            // InternalError: a page of a memory-mapped file that the full disk could not back
            throw new UnavailableException("dataset '" + name + "': its index files cannot take the batch's "
                    + "accounts and order ids (" + e + "); is the disk full? Nothing of the batch was applied, "
                    + "retry later", e);
        }
    }

    private boolean isDuplicate(String orderId, List<Pending> dependsOn) {
        if (store.hasOrderId(orderId)) {
            return true;
        }
        Pending owner = pendingOrderIds.get(orderId);
        if (owner == null) {
            return false;
        }
        if (!dependsOn.contains(owner)) {
            dependsOn.add(owner);
        }
        return true;
    }

    /**
     * A batch decided but not applied. Its answer may rest on earlier batches not applied yet (an
     * order id they hold, a key they answer): it is durable only once they are.
     */
    private final class Pending implements PreparedBatch {
        private final String key;
        private final List<Event> events;
        private final IngestResult result;
        private final Set<String> orderIds;
        private final List<Pending> dependsOn;
        private final Pending aliasOf;
        private LogTicket ticket;
        /** Where the key indexes stood before this batch reserved its entries; null when it reserved none. */
        private DatasetStore.KeyMark keys;
        private boolean durable;
        private RuntimeException failure;

        Pending(String key, List<Event> events, IngestResult result, Set<String> orderIds, List<Pending> dependsOn) {
            this.key = key;
            this.events = events;
            this.result = result;
            this.orderIds = orderIds;
            this.dependsOn = dependsOn;
            this.aliasOf = null;
        }

        /** A retry, within one group, of a key that {@code first} answers. */
        Pending(Pending first) {
            this.key = null;
            this.events = List.of();
            this.result = null;
            this.orderIds = Set.of();
            this.dependsOn = List.of(first);
            this.aliasOf = first;
        }

        @Override
        public void makeDurable() {
            if (durable) {
                return;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                for (Pending p : dependsOn) {
                    p.makeDurable();
                }
                if (ticket != null) {
                    journal.sync(ticket);
                }
                durable = true;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public IngestResult apply() {
            if (aliasOf != null) {
                return aliasOf.result.asReplay();
            }
            try {
                applyEvents(events);
            } finally {
                // also when applying failed: its order ids and key must not block later batches
                forget();
            }
            if (key != null) {
                answered.put(key, result);
            }
            return result;
        }

        @Override
        public void abandon() {
            forget();
        }

        /** Drops what this batch holds in the pending maps and reserved in the key indexes (applied, or never to be). */
        void forget() {
            if (keys != null) {
                store.releaseKeys(keys);
                keys = null;
            }
            for (String id : orderIds) {
                pendingOrderIds.remove(id, this);
            }
            if (key != null) {
                pendingKeys.remove(key, this);
            }
        }
    }

    /** Applies accepted events to the store as one step for readers. Writer thread (or loading) only. */
    private void applyEvents(List<Event> events) {
        lock.writeLock().lock();
        try {
            int earliestDay = ChangeLog.NO_CHANGE;
            boolean accountStateChange = false;
            for (int i = 0, n = events.size(); i < n; i++) {
                Event e = events.get(i);
                store.apply(e);
                earliestDay = Math.min(earliestDay, store.clock().epochDay(e.tsMicros()));
                accountStateChange |= ChangeLog.changesAccountState(e.type());
            }
            store.seal();
            if (!events.isEmpty()) {
                changes.record(earliestDay, accountStateChange);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** How a stored dataset is loaded: its snapshot, then its log replayed through {@link #applyEvents}. */
    DatasetJournal.Replay loader() {
        return new DatasetJournal.Replay() {
            @Override
            public void start(KeyIndexes stored) {
                indexes = stored;
                store = new DatasetStore(settings.timezone(), settings.attributionWindowHours(), stored);
            }

            @Override
            public Runnable snapshot(SnapshotInput in) {
                return readSnapshot(in);
            }

            @Override
            public void batch(String key, IngestResult result, List<Event> events) {
                applyEvents(events);
                if (key != null) {
                    answered.put(key, result);
                }
            }

            @Override
            public void loaded() {
                store.afterLoad();
            }
        };
    }

    // ---------------------------------------------------------------- snapshots

    private static final int SNAPSHOT_KEYS = 0x4453_0001;
    private static final int SNAPSHOT_STORE = 0x4453_0002;

    /**
     * Writes the dataset's state: the answers of the remembered idempotency keys, oldest first,
     * then every column. On the writer thread, between batches: queries go on meanwhile.
     */
    private void writeSnapshot(SnapshotOutput out) {
        out.writeSection(SNAPSHOT_KEYS);
        out.writeInt(answered.size());
        for (Map.Entry<String, IngestResult> e : answered.entrySet()) {
            out.writeString(e.getKey());
            IngestResult r = e.getValue();
            out.writeInt(r.accepted());
            out.writeInt(r.rejected().size());
            for (Rejection rej : r.rejected()) {
                out.writeInt(rej.line());
                out.writeString(rej.error());
            }
        }
        out.writeSection(SNAPSHOT_STORE);
        store.writeTo(out);
    }

    /** Reads what {@link #writeSnapshot} wrote; installs nothing until the returned step runs. */
    private Runnable readSnapshot(SnapshotInput in) {
        in.readSection(SNAPSHOT_KEYS);
        int keys = in.readCount(12);
        List<String> keyList = new ArrayList<>(keys);
        List<IngestResult> results = new ArrayList<>(keys);
        for (int i = 0; i < keys; i++) {
            keyList.add(in.readString());
            int accepted = in.readInt();
            int n = in.readCount(8);
            List<Rejection> rejected = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                rejected.add(new Rejection(in.readInt(), in.readString()));
            }
            results.add(new IngestResult(accepted, rejected));
        }
        in.readSection(SNAPSHOT_STORE);
        DatasetSettings s = settings;
        DatasetStore loaded = new DatasetStore(s.timezone(), s.attributionWindowHours(), indexes);
        loaded.readFrom(in);
        return () -> {
            store = loaded;
            answered.clear();
            for (int i = 0; i < keys; i++) {
                answered.put(keyList.get(i), results.get(i));
            }
        };
    }

    /** Writes a snapshot now when anything was applied since the last one (writer thread). */
    void snapshotIfChanged() {
        if (journal != null && !deleted && journal.changedSinceSnapshot()) {
            journal.writeSnapshot(this::writeSnapshot);
        }
    }

    /** What each applied batch changed, for caches of answers (see {@link ChangeLog}). */
    public ChangeLog changes() {
        return changes;
    }

    // ---------------------------------------------------------------- settings

    /**
     * Replaces the RFM settings (already validated by {@link RfmSettings}'s constructor); with a
     * data directory, they are on disk when this returns.
     *
     * @throws UnavailableException when they cannot be stored; the old settings stay
     */
    public void updateRfm(RfmSettings rfm) {
        Objects.requireNonNull(rfm, "rfm");
        checkNotDeleted();
        writer.call(() -> {
            checkNotDeleted();
            DatasetSettings next = settings.withRfm(rfm);
            if (journal != null) {
                journal.saveSettings(next);
            }
            settings = next;
            return null;
        });
    }

    // ---------------------------------------------------------------- Customer Hub

    /** The Customer Hub overview cards (METRICS.md §3). */
    public HubOverview hubOverview(TimeSpec spec) {
        TimeFrame frame = resolve(spec);
        return read(s -> HubQueries.overview(s, frame));
    }

    /** Service interactions in total and per action (METRICS.md §3). */
    public ServiceInteractions serviceInteractions(TimeSpec spec) {
        TimeFrame frame = resolve(spec);
        return read(s -> HubQueries.serviceInteractions(s, frame));
    }

    /**
     * AOV of signed-in purchases with a series by day, week or month (METRICS.md §3).
     *
     * @throws InvalidRequestException naming {@code granularity} when the series would have more than
     *                                 {@value QueryLimits#MAX_BUCKETS} buckets
     */
    public AovReport aov(TimeSpec spec, Granularity granularity) {
        TimeFrame frame = resolve(spec);
        Objects.requireNonNull(granularity, "granularity");
        return read(s -> HubQueries.aov(s, frame, granularity));
    }

    // ---------------------------------------------------------------- Customer & Business

    /** Users and consent as of {@code today} (null: the dataset's today) (METRICS.md §4). */
    public UsersOverview usersOverview(LocalDate today) {
        LocalDate day = today != null ? today : today();
        QueryLimits.checkDay(day, "today");
        return read(s -> UsersQueries.overview(s, day));
    }

    /** Purchase activity over a range with its comparison, filtered (METRICS.md §4). */
    public PurchaseActivity purchases(TimeSpec spec, PurchaseFilter filter) {
        TimeFrame frame = resolve(spec);
        PurchaseFilter f = filter != null ? filter : PurchaseFilter.none();
        return read(s -> PurchaseQueries.purchases(s, frame, f));
    }

    /** The store names seen in accepted orders, sorted. */
    public List<String> stores() {
        return read(s -> {
            List<String> names = new ArrayList<>(s.stores().names());
            names.sort(null);
            return names;
        });
    }

    // ---------------------------------------------------------------- RFM and retention

    /** The RFM matrix with revenue by persona as of {@code asOf} (null: today) (METRICS.md §5). */
    public RfmReport rfm(LocalDate asOf) {
        LocalDate day = asOf == null ? today() : asOf;
        QueryLimits.checkDay(day, "as_of");
        RfmSettings rfm = settings.rfm();
        captureForRfm();
        return rfmIndex.report(rfm, day);
    }

    /**
     * Transitions between D1 and D2 by persona, stage or R score (METRICS.md §5).
     *
     * @throws InvalidRequestException when {@code from} is not before {@code to}
     */
    public TransitionMatrix transitions(LocalDate from, LocalDate to, TransitionBy by) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        QueryLimits.checkDay(from, "from");
        QueryLimits.checkDay(to, "to");
        RfmSettings rfm = settings.rfm();
        captureForRfm();
        return rfmIndex.transitions(rfm, from, to, by == null ? TransitionBy.PERSONA : by);
    }

    /**
     * A page of the members of a segment as of {@code asOf} (null: today), ordered by external id
     * byte-wise in UTF-8, starting after the id {@code after} (null: from the first).
     *
     * @param limit 1–{@link QueryLimits#MAX_MEMBERS}
     * @throws NotFoundException when the persona is not in the dataset's map
     * @throws InvalidRequestException naming {@code limit} when it is out of range
     */
    public MemberPage members(LocalDate asOf, Segment segment, int limit, String after) {
        LocalDate day = asOf == null ? today() : asOf;
        QueryLimits.checkDay(day, "as_of");
        QueryLimits.checkMembersLimit(limit);
        RfmSettings rfm = settings.rfm();
        captureForRfm();
        return rfmIndex.members(rfm, day, segment, limit, after);
    }

    /**
     * Hands the orders and accounts added since the last RFM question to the RFM index, under the
     * read lock; the question itself then runs on the index's copies without the lock (see
     * {@link RfmIndex}), so that a long sweep does not hold up ingest.
     */
    private void captureForRfm() {
        read(s -> {
            rfmIndex.capture(s);
            return null;
        });
    }

    /**
     * Retention cohorts over a range by week or month (METRICS.md §6).
     *
     * @param period week or month (null: week)
     * @param by     hub openings or purchases (null: hub openings)
     * @throws InvalidRequestException when the period is not week or month, or the range is past
     *                                 {@link QueryLimits} (longer than {@value QueryLimits#MAX_RANGE_DAYS}
     *                                 days, more than {@value QueryLimits#MAX_COHORTS} cohorts)
     */
    public RetentionReport retention(DayRange range, Granularity period, RetentionBy by) {
        Objects.requireNonNull(range, "range");
        Granularity p = period == null ? Granularity.WEEK : period;
        RetentionBy b = by == null ? RetentionBy.HUB_OPENED : by;
        return read(s -> RetentionQueries.retention(s, range, p, b));
    }

    // ---------------------------------------------------------------- internals

    /**
     * Resolves a time spec against this dataset's today, within {@link QueryLimits}.
     *
     * @throws InvalidRequestException when the spec names a day out of range or a range that is too long
     */
    public TimeFrame resolve(TimeSpec spec) {
        QueryLimits.checkSpec(spec);
        return spec.resolve(today());
    }

    /**
     * Runs a read-only function over the store under the read lock. The state is checked under the
     * lock: the index files of a stored dataset are closed under the write lock ({@link #retire}),
     * and a closed Chronicle Map read by a query would fail, or crash the JVM when it is unmapped
     * in the middle of the read.
     */
    <T> T read(Function<DatasetStore, T> query) {
        lock.readLock().lock();
        try {
            checkNotDeleted();
            return query.apply(store);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Bytes held by the in-memory store, roughly. */
    public long sizeInBytes() {
        return read(DatasetStore::sizeInBytes) + rfmIndex.sizeInBytes();
    }

    void markDeleted() {
        deleted = true;
    }

    /**
     * Marks the dataset deleted, or its engine closed, then closes its journal once no query is
     * reading its files: later queries fail with {@link NotFoundException} or
     * {@link UnavailableException} instead of reading closed files.
     *
     * @param wasDeleted true when the dataset was deleted, false when its engine closes
     */
    void retire(boolean wasDeleted) {
        lock.writeLock().lock();
        try {
            if (wasDeleted) {
                deleted = true;
            } else {
                engineClosed = true;
            }
            if (journal != null) {
                journal.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The engine's single writer, which applies this dataset's batches. */
    IngestWriter writer() {
        return writer;
    }

    /** Where the dataset is stored, or null in memory. */
    DatasetJournal journal() {
        return journal;
    }

    void attach(DatasetJournal stored) {
        journal = stored;
    }

    private void checkNotDeleted() {
        if (deleted) {
            throw new NotFoundException("dataset '" + name + "' was deleted", NotFoundException.DATASET_PARAM);
        }
        if (engineClosed) {
            throw new UnavailableException("dataset '" + name + "' is closed: its engine was closed");
        }
    }
}
