package io.deitstream.cli;

import io.deitstream.DeitStreamJob;
import io.deitstream.config.JobConfig;
import io.deitstream.kafka.KafkaEndpoints;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs the real job, Kafka endpoints included, on a Flink MiniCluster inside this JVM. */
public final class LocalFlink {
    private LocalFlink() {}

    public static JobClient start(JobConfig config, int parallelism) throws Exception {
        Configuration flink = new Configuration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
        new DeitStreamJob(config).build(env, KafkaEndpoints.source(config),
                KafkaEndpoints.classificationSink(config), KafkaEndpoints.deadLetterSink(config));
        return env.executeAsync("deit-stream");
    }
}
