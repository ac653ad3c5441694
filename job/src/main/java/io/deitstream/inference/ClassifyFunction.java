package io.deitstream.inference;

import ai.djl.inference.Predictor;
import io.deitstream.config.JobConfig;
import io.deitstream.image.ImagePreprocessor;
import io.deitstream.ingest.DeadLetters;
import io.deitstream.ingest.PreparedImage;
import io.deitstream.metrics.ClassifyMetrics;
import io.deitstream.schema.ReasonCode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classify stage: one Predictor per slot over the shared model of its device, fed by a {@link MicroBatcher}.
 * Each image completes exactly once, as a classification or a dead letter; a failing batch is split until the image
 * that fails alone is found, so one poison image cannot take its batch-mates down with it.
 */
public final class ClassifyFunction extends RichAsyncFunction<PreparedImage, ClassifyOutcome> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ClassifyFunction.class);

    private record Pending(PreparedImage image, ResultFuture<ClassifyOutcome> result, long arrivalNanos) {}

    private final JobConfig config;

    /** Images handed to us and not yet answered; whoever removes an entry (batch or timeout) answers it. */
    private transient Map<ResultFuture<ClassifyOutcome>, Pending> inFlight;
    private transient ModelRegistry.Lease model;
    private transient Predictor<PixelBatch, List<Prediction>> predictor;
    private transient PixelBatch pixels;
    private transient MicroBatcher<Pending> batcher;
    private transient ClassificationFactory classifications;
    private transient DeadLetters deadLetters;
    private transient ClassifyMetrics metrics;
    /** Re-queues images whose attempt timed out; only exists when classify.timeout-retries > 0. */
    private transient ScheduledExecutorService retries;

    public ClassifyFunction(JobConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        ModelDirectory dir = ModelDirectory.open(Path.of(config.modelDir()));
        dir.requirePrecision(config.modelPrecision());
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        DeviceAssignment device = DeviceAssignment.choose(config.modelDevice(),
                config.modelGpus().orElseGet(this::assignedGpus), subtask, config.modelGpusOnCpu());
        model = ModelRegistry.acquire(dir, device);
        predictor = model.model().newPredictor(new DeitTranslator(dir.labels(), config.topK()));
        pixels = new PixelBatch(config.batchMaxSize());
        long warmupMillis = warmUp();
        LOG.info("Classify subtask {} on {}: model load {} ms ({}), warm-up forward pass {} ms", subtask,
                device.describe(), model.loadMillis(), model.loadedByThisLease() ? "loaded" : "shared", warmupMillis);

        inFlight = new ConcurrentHashMap<>();
        classifications = new ClassificationFactory(dir, device.describe());
        deadLetters = new DeadLetters(config.deadLetterPayloadLimit());
        metrics = new ClassifyMetrics(getRuntimeContext().getMetricGroup(), device.describe(), inFlight::size,
                model.loadMillis(), warmupMillis);
        batcher = new MicroBatcher<>(config.batchMaxSize(), config.batchMaxDelay(), this::classify,
                "deit-classify-" + subtask);
        if (config.timeoutRetries() > 0) {
            retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "deit-classify-retry-" + subtask);
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    /** The GPUs Flink's external resource framework gave this TaskManager ({@code external-resources: gpu}). */
    private List<Integer> assignedGpus() {
        return getRuntimeContext().getExternalResourceInfos("gpu").stream()
                .map(info -> info.getProperty("index"))
                .flatMap(Optional::stream)
                .map(Integer::parseInt)
                .sorted()
                .toList();
    }

    /** The first forward pass pays for kernel selection and allocation; pay it here, not on the first image. */
    private long warmUp() throws Exception {
        long start = System.nanoTime();
        pixels.clear();
        pixels.add(new byte[ImagePreprocessor.CROP_BYTES]);
        predictor.predict(pixels);
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public void asyncInvoke(PreparedImage image, ResultFuture<ClassifyOutcome> result) {
        Pending pending = new Pending(image, result, System.nanoTime());
        inFlight.put(result, pending);
        batcher.submit(pending);
        scheduleRetry(pending, 1);
    }

    /** After each attempt's timeout, an image still unanswered is queued again, up to the configured retries. */
    private void scheduleRetry(Pending pending, int attempt) {
        if (retries == null || attempt > config.timeoutRetries()) {
            return;
        }
        retries.schedule(() -> {
            if (inFlight.get(pending.result()) == pending) {
                metrics.timeoutRetry();
                batcher.submit(pending);
                scheduleRetry(pending, attempt + 1);
            }
        }, config.timeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Flink's default fails the job on timeout; here the image is dead-lettered and the stream goes on. */
    @Override
    public void timeout(PreparedImage image, ResultFuture<ClassifyOutcome> result) {
        Pending pending = inFlight.get(result);
        if (pending != null) {
            reject(pending, ReasonCode.TIMEOUT, "not classified within " + (config.timeoutRetries() + 1)
                    + " attempt(s) of classify.timeout=" + config.timeout());
        }
    }

    /** Runs on the batcher's thread, the only thread that uses the predictor after open(). */
    private void classify(List<Pending> queued) {
        // Images answered while queued (timed out) are skipped, and one queued again by a retry runs once.
        List<Pending> batch = queued.stream().filter(p -> inFlight.containsKey(p.result())).distinct().toList();
        if (batch.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        List<Prediction> predictions;
        try {
            pixels.clear();
            for (Pending pending : batch) {
                pixels.add(pending.image().pixels);
            }
            predictions = predictor.predict(pixels);
        } catch (Exception e) {
            if (batch.size() == 1) {
                reject(batch.get(0), ReasonCode.INFERENCE_FAILED, "inference failed: " + e);
            } else {
                LOG.warn("Batch of {} failed ({}); retrying its halves", batch.size(), e.toString());
                int half = batch.size() / 2;
                classify(batch.subList(0, half));
                classify(batch.subList(half, batch.size()));
            }
            return;
        }
        long end = System.nanoTime();
        Instant classifiedAt = Instant.now();
        long inferenceMicros = (end - start) / 1_000;
        metrics.batch(batch.size(), inferenceMicros / 1_000);
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            long queueMicros = (start - pending.arrivalNanos()) / 1_000;
            if (answer(pending, ClassifyOutcome.classified(classifications.create(pending.image(),
                    predictions.get(i), batch.size(), classifiedAt, queueMicros, inferenceMicros)))) {
                metrics.classified(queueMicros / 1_000, classifiedAt.toEpochMilli() - pending.image().eventTimeMillis);
            }
        }
    }

    private void reject(Pending pending, ReasonCode reason, String message) {
        PreparedImage image = pending.image();
        if (answer(pending, ClassifyOutcome.deadLettered(deadLetters.of(image.source, image.id, reason, message)))) {
            metrics.deadLettered(reason);
        }
    }

    /** Completes the image's future unless the batch and the timeout raced and the other side won. */
    private boolean answer(Pending pending, ClassifyOutcome outcome) {
        if (!inFlight.remove(pending.result(), pending)) {
            return false;
        }
        pending.result().complete(List.of(outcome));
        return true;
    }

    @Override
    public void close() throws Exception {
        if (retries != null) {
            retries.shutdownNow();
        }
        if (batcher != null) {
            batcher.close();
        }
        if (predictor != null) {
            predictor.close();
        }
        if (model != null) {
            model.close();
        }
    }
}
