package io.daybit.server.api;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.ingest.ChangeLog;

import java.time.LocalDate;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The answers of read-only queries, as the JSON bytes sent, so that a dashboard refreshing the
 * same question is answered without the engine.
 *
 * <p>An answer is keyed by the request's path and query string and by the dataset's current date
 * (an answer that relies on the default {@code today} changes at midnight). It stays valid while
 * its dataset is the same instance (not deleted and re-created), its settings are the same
 * instance (not changed by {@code PUT .../rfm}), and no batch ingested since changed a day it
 * read or, for an answer that depends on current account state, any account state
 * ({@link ChangeLog}). So a batch of events for today leaves every cached answer about earlier
 * days valid: invalidation is by day, not by dataset.
 *
 * <p>Bounded by entries and bytes; when over either bound an arbitrary tenth of the entries is
 * dropped (no recency bookkeeping on the hit path). Thread-safe.
 */
public final class ResultCache {
    /** An answer to cache: the JSON sent, and what it depends on. */
    public record Answer(byte[] json, int lastDay, boolean readsAccountState) {
    }

    private record Key(String path, String query, LocalDate today) {
    }

    private record Entry(Dataset dataset, DatasetSettings settings, long version, Answer answer) {
    }

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final int maxEntries;
    private final long maxBytes;
    private final long maxAnswerBytes;
    private final Consumer<Boolean> hits;

    /**
     * @param maxEntries at most this many answers (0 disables the cache)
     * @param maxBytes   at most this many bytes of answers in all; one answer at most 1/64 of it
     * @param hits       told of every lookup: true for a hit
     */
    public ResultCache(int maxEntries, long maxBytes, Consumer<Boolean> hits) {
        this.hits = hits;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.maxAnswerBytes = Math.max(0, maxBytes / 64);
    }

    /**
     * The answer to a query: the cached one while it is valid, otherwise computed by
     * {@code query} and cached. The version and settings are read before the query runs, so that
     * a batch or a settings change landing meanwhile can only make the entry stale sooner.
     *
     * @param path     the request path (names the dataset and the route)
     * @param rawQuery the raw query string, or null
     */
    public byte[] answer(Dataset dataset, String path, String rawQuery, Supplier<Answer> query) {
        if (maxEntries == 0) {
            hits.accept(false);
            return query.get().json;
        }
        ChangeLog changes = dataset.changes();
        long version = changes.version();
        DatasetSettings settings = dataset.settings();
        Key key = new Key(path, rawQuery == null ? "" : rawQuery, dataset.today());
        Entry e = entries.get(key);
        if (e != null) {
            if (e.dataset == dataset && e.settings == settings
                    && changes.unchangedSince(e.version, e.answer.lastDay, e.answer.readsAccountState)) {
                if (version != e.version) {
                    // still valid at the newer version: later checks start from there
                    entries.replace(key, e, new Entry(dataset, settings, version, e.answer));
                }
                hits.accept(true);
                return e.answer.json;
            }
            if (entries.remove(key, e)) {
                bytes.addAndGet(-e.answer.json.length);
            }
        }
        hits.accept(false);
        Answer answer = query.get();
        if (answer.json.length <= maxAnswerBytes) {
            Entry old = entries.put(key, new Entry(dataset, settings, version, answer));
            bytes.addAndGet(answer.json.length - (old == null ? 0 : old.answer.json.length));
            if (entries.size() > maxEntries || bytes.get() > maxBytes) {
                evict();
            }
        }
        return answer.json;
    }

    /** Drops every answer of a dataset (e.g. when it is deleted). */
    public void forget(String datasetName) {
        for (Map.Entry<Key, Entry> e : entries.entrySet()) {
            if (e.getValue().dataset.name().equals(datasetName) && entries.remove(e.getKey(), e.getValue())) {
                bytes.addAndGet(-e.getValue().answer.json.length);
            }
        }
    }

    /** The number of answers held. */
    public int size() {
        return entries.size();
    }

    private void evict() {
        int drop = Math.max(1, entries.size() / 10);
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext() && (drop-- > 0 || bytes.get() > maxBytes)) {
            Map.Entry<Key, Entry> e = it.next();
            if (entries.remove(e.getKey(), e.getValue())) {
                bytes.addAndGet(-e.getValue().answer.json.length);
            }
        }
    }
}
