package io.deitstream.cli;

import io.deitstream.config.DeitStreamOptions;
import io.deitstream.config.JobConfig;
import io.deitstream.inference.ModelRegistry;
import io.deitstream.ingest.RawRecord;
import io.deitstream.kafka.KafkaEndpoints;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.JobClient;

/**
 * Everything the job needs, in this JVM: an embedded Kafka broker with the job's three topics (default names), and
 * the real job running on a Flink MiniCluster against it. The demo and the streaming tests both stand on this.
 */
public final class LocalStack implements AutoCloseable {
    /**
     * The topics' max.message.bytes, above the job's image.max-bytes default, so an oversized image reaches the job
     * and is dead-lettered TOO_LARGE instead of being refused by the broker unseen.
     */
    private static final int TOPIC_MAX_BYTES = 8 * 1024 * 1024;

    private final EmbeddedKafka kafka;
    private final JobConfig config;
    private final LocalFlink flink;
    private final JobClient job;

    private LocalStack(EmbeddedKafka kafka, JobConfig config, LocalFlink flink) {
        this.kafka = kafka;
        this.config = config;
        this.flink = flink;
        this.job = flink.job();
    }

    public static Builder builder(Map<String, String> jobOptions) {
        return new Builder(jobOptions);
    }

    /** What differs between the demo and the tests: options, slots, partitions, and a way to wrap the source. */
    public static final class Builder {
        private final Map<String, String> jobOptions;
        private int parallelism = 2;
        private int inputPartitions = 2;
        private int outputPartitions = 2;
        private UnaryOperator<Source<RawRecord, ?, ?>> sourceWrapper = UnaryOperator.identity();

        private Builder(Map<String, String> jobOptions) {
            this.jobOptions = jobOptions;
        }

        /** Slots of the MiniCluster, and the default parallelism of every stage. */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        public Builder inputPartitions(int inputPartitions) {
            this.inputPartitions = inputPartitions;
            return this;
        }

        /** Partitions of each output topic; one keeps the job's emission order visible to a reader. */
        public Builder outputPartitions(int outputPartitions) {
            this.outputPartitions = outputPartitions;
            return this;
        }

        /** Decorates the Kafka source, e.g. with a reader that fails once, to exercise recovery. */
        public Builder wrapSource(UnaryOperator<Source<RawRecord, ?, ?>> sourceWrapper) {
            this.sourceWrapper = sourceWrapper;
            return this;
        }

        public LocalStack start() throws Exception {
            EmbeddedKafka kafka = EmbeddedKafka.start();
            LocalFlink flink = null;
            try {
                Map<String, String> options = new HashMap<>(jobOptions);
                options.put(DeitStreamOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
                JobConfig config = JobConfig.fromMap(options);
                kafka.createTopics(Map.of(config.imagesTopic(), inputPartitions,
                                config.classificationsTopic(), outputPartitions,
                                config.deadLetterTopic(), outputPartitions),
                        Map.of("max.message.bytes", String.valueOf(TOPIC_MAX_BYTES)));
                flink = LocalFlink.start(config, parallelism, sourceWrapper.apply(KafkaEndpoints.source(config)));
                LocalStack stack = new LocalStack(kafka, config, flink);
                stack.awaitPredictors(parallelism, Duration.ofMinutes(2));
                return stack;
            } catch (Exception e) {
                // Close whatever started, Flink before Kafka; their own failures ride along as suppressed.
                try (kafka; LocalFlink started = flink) {
                    throw e;
                }
            }
        }
    }

    /**
     * Waits until the classify subtasks hold their models (they run in this JVM, so the registry shows them), so
     * that what callers send next measures the stream, not the job's start-up.
     */
    private void awaitPredictors(int parallelism, Duration timeout) throws Exception {
        int expected = config.classifyParallelism() > 0 ? config.classifyParallelism() : parallelism;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ModelRegistry.leaseCounts().values().stream().mapToInt(Integer::intValue).sum() < expected) {
            if (System.nanoTime() > deadline || job.getJobStatus().get().isTerminalState()) {
                throw new IllegalStateException("the job's classify subtasks did not start within " + timeout
                        + " (job status " + job.getJobStatus().get() + ")");
            }
            Thread.sleep(50);
        }
    }

    public JobClient job() {
        return job;
    }

    /** Flink's web UI and REST API for the running job. */
    public String webUrl() {
        return flink.webUrl();
    }

    public ImageEventProducer producer() {
        return new ImageEventProducer(kafka.bootstrapServers(), config.imagesTopic(), TOPIC_MAX_BYTES);
    }

    public OutputReader reader() {
        return new OutputReader(kafka.bootstrapServers(), config.classificationsTopic(), config.deadLetterTopic());
    }

    /**
     * Reads outputs into the tally until every expected record is accounted for or the timeout passes; each poll's
     * outputs also go to {@code onOutputs} as they arrive. Returns whether the tally completed.
     */
    public boolean await(OutputReader reader, DeliveryTally tally, Duration timeout,
            Consumer<OutputReader.Outputs> onOutputs) {
        return awaitUntil(reader, tally, tally::complete, timeout, onOutputs);
    }

    /** Reads outputs into the tally until {@code done} holds or the timeout passes; returns whether it held. */
    public boolean awaitUntil(OutputReader reader, DeliveryTally tally, BooleanSupplier done, Duration timeout,
            Consumer<OutputReader.Outputs> onOutputs) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            OutputReader.Outputs outputs = reader.poll(Duration.ofMillis(200));
            outputs.classifications().forEach(tally::add);
            outputs.deadLetters().forEach(tally::add);
            onOutputs.accept(outputs);
        }
        return done.getAsBoolean();
    }

    @Override
    public void close() throws Exception {
        try {
            flink.close();
        } finally {
            kafka.close();
        }
    }
}
