package io.deitstream.cli;

import io.deitstream.DeitStreamJob;
import io.deitstream.config.JobConfig;
import io.deitstream.ingest.RawRecord;
import io.deitstream.kafka.KafkaEndpoints;
import org.apache.flink.api.connector.source.Source;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the real job, Kafka endpoints included, on a Flink MiniCluster inside this JVM, with Flink's web UI and REST
 * API on a free local port (where the demo points people, and where tests read job metrics such as numRestarts).
 */
public final class LocalFlink implements AutoCloseable {
    private final JobClient job;
    private final int restPort;
    private final Path checkpoints;

    private LocalFlink(JobClient job, int restPort, Path checkpoints) {
        this.job = job;
        this.restPort = restPort;
        this.checkpoints = checkpoints;
    }

    public static LocalFlink start(JobConfig config, int parallelism, Source<RawRecord, ?, ?> source)
            throws Exception {
        int restPort = freePort();
        Path checkpoints = Files.createTempDirectory("deit-stream-checkpoints");
        Configuration flink = new Configuration();
        // The classifier's in-flight images (capacity x 150 KB crops, plus payloads) are checkpoint state: far over
        // the JobManager's 5 MB in-memory limit, so checkpoints go to files, as they must on a real cluster too.
        flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        flink.set(RestOptions.PORT, restPort);
        // The web UI's metrics refresh every 10 s by default; a local run is short, so keep them current.
        flink.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        env.setParallelism(parallelism);
        new DeitStreamJob(config).build(env, source, KafkaEndpoints.classificationSink(config),
                KafkaEndpoints.deadLetterSink(config));
        return new LocalFlink(env.executeAsync("deit-stream"), restPort, checkpoints);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public JobClient job() {
        return job;
    }

    public String webUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    /** Cancels the job if it still runs, and removes its checkpoints. */
    @Override
    public void close() throws Exception {
        try {
            if (!job.getJobStatus().get().isTerminalState()) {
                job.cancel().get();
            }
        } finally {
            try (Stream<Path> files = Files.walk(checkpoints)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
