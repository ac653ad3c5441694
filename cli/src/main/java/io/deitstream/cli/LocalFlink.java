package io.deitstream.cli;

import io.deitstream.DeitStreamJob;
import io.deitstream.config.JobConfig;
import io.deitstream.kafka.KafkaEndpoints;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the real job, Kafka endpoints included, on a Flink MiniCluster inside this JVM, with Flink's web UI and REST
 * API on a free local port (where the demo points people, and where tests read job metrics such as numRestarts).
 */
public final class LocalFlink {
    private final JobClient job;
    private final int restPort;

    private LocalFlink(JobClient job, int restPort) {
        this.job = job;
        this.restPort = restPort;
    }

    public static LocalFlink start(JobConfig config, int parallelism) throws Exception {
        int restPort = freePort();
        Configuration flink = new Configuration();
        flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        flink.set(RestOptions.PORT, restPort);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        env.setParallelism(parallelism);
        new DeitStreamJob(config).build(env, KafkaEndpoints.source(config),
                KafkaEndpoints.classificationSink(config), KafkaEndpoints.deadLetterSink(config));
        return new LocalFlink(env.executeAsync("deit-stream"), restPort);
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
}
