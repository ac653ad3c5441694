package io.deitstream.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Map.Entry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deliberate, reference-counted singleton of this job: weights are loaded once per (model, device) per JVM and
 * shared by every slot on that device, because a loaded DJL {@link Model} is thread-safe and GPU memory is too
 * precious to pay per slot. Each slot makes its own Predictor over the shared model. The last {@link Lease} to close
 * frees the weights, so a task restart inside the same TaskManager loads them again cleanly.
 */
public final class ModelRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    /** Keyed by the slot's device: in a dry run, two "GPUs" are two models even though both load on the CPU. */
    private record Key(Path dir, Device device) {}

    private static final class Loaded {
        final Model model;
        final long loadMillis;
        int leases;

        Loaded(Model model, long loadMillis) {
            this.model = model;
            this.loadMillis = loadMillis;
        }
    }

    private static final Map<Key, Loaded> LOADED = new HashMap<>();
    private static long loads;

    private ModelRegistry() {}

    /** Loads the model for the assigned device unless another lease already holds it there. */
    public static synchronized Lease acquire(ModelDirectory dir, DeviceAssignment device)
            throws IOException, MalformedModelException {
        Key key = new Key(dir.path(), device.slot());
        Loaded loaded = LOADED.get(key);
        boolean fresh = loaded == null;
        if (fresh) {
            long start = System.nanoTime();
            Model model = Model.newInstance(dir.name(), device.load(), "PyTorch");
            try {
                // mapLocation: weights go straight to the target device instead of via host memory.
                model.load(dir.path(), "model", Map.of("mapLocation", "true"));
            } catch (IOException | MalformedModelException | RuntimeException e) {
                model.close();
                throw e;
            }
            loaded = new Loaded(model, (System.nanoTime() - start) / 1_000_000);
            LOADED.put(key, loaded);
            loads++;
            LOG.info("Loaded {} on {} in {} ms", dir.path(), device.describe(), loaded.loadMillis);
        }
        loaded.leases++;
        return new Lease(key, loaded.model, loaded.loadMillis, fresh);
    }

    private static synchronized void release(Key key) {
        Loaded loaded = LOADED.get(key);
        if (loaded != null && --loaded.leases == 0) {
            LOADED.remove(key);
            loaded.model.close();
            LOG.info("Closed {} on {}: no slot uses it any more", key.dir(), key.device());
        }
    }

    /** How many times weights were loaded in this JVM; for tests and diagnostics. */
    public static synchronized long loadCount() {
        return loads;
    }

    /** How many slots hold each loaded model; for tests and diagnostics. */
    public static synchronized Map<String, Integer> leaseCounts() {
        Map<String, Integer> counts = new HashMap<>();
        for (Entry<Key, Loaded> entry : LOADED.entrySet()) {
            counts.put(entry.getKey().dir() + "@" + entry.getKey().device(), entry.getValue().leases);
        }
        return counts;
    }

    /** One slot's hold on a shared model. Closing it twice releases it once. */
    public static final class Lease implements AutoCloseable {
        private final Key key;
        private final Model model;
        private final long loadMillis;
        private final boolean loadedByThisLease;
        private boolean closed;

        private Lease(Key key, Model model, long loadMillis, boolean loadedByThisLease) {
            this.key = key;
            this.model = model;
            this.loadMillis = loadMillis;
            this.loadedByThisLease = loadedByThisLease;
        }

        public Model model() { return model; }
        /** How long the weights took to load, whether this lease or an earlier one loaded them. */
        public long loadMillis() { return loadMillis; }
        /** False when the weights were already on the device: the sharing the registry exists for. */
        public boolean loadedByThisLease() { return loadedByThisLease; }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                release(key);
            }
        }
    }
}
