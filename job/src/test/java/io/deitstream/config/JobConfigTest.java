package io.deitstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobConfigTest {
    private static Map<String, String> minimal() {
        Map<String, String> options = new HashMap<>();
        options.put("kafka.bootstrap-servers", "localhost:9092");
        options.put("model.dir", "models/deit-test");
        return options;
    }

    @Test
    void defaultsApplyAndTypedValuesParse() {
        Map<String, String> options = minimal();
        options.put("batch.max-delay", "35 ms");
        options.put("delivery", "exactly-once");
        options.put("output.order", "ordered");
        options.put("kafka.properties.security.protocol", "SASL_SSL");
        JobConfig config = JobConfig.fromMap(options);

        assertThat(config.batchMaxSize()).isEqualTo(16);
        assertThat(config.batchMaxDelay()).isEqualTo(Duration.ofMillis(35));
        assertThat(config.delivery()).isEqualTo(DeliveryMode.EXACTLY_ONCE);
        assertThat(config.outputOrder()).isEqualTo(OutputOrder.ORDERED);
        assertThat(config.imagesTopic()).isEqualTo("images");
        assertThat(config.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> options = new HashMap<>();
        options.put("batch.max-size", "0");
        options.put("classify.capacity", "4");
        options.put("batch.max-sise", "8");

        assertThatThrownBy(() -> JobConfig.fromMap(options))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).hasSize(1)
                        .first().asString().contains("unknown option 'batch.max-sise'"));

        options.remove("batch.max-sise");
        assertThatThrownBy(() -> JobConfig.fromMap(options))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).containsExactlyInAnyOrder(
                        "kafka.bootstrap-servers is required",
                        "model.dir is required",
                        "batch.max-size must be in 1..1024, was 0"));
    }

    @Test
    void unparsableValuesNameTheirKey() {
        Map<String, String> options = minimal();
        options.put("delivery", "twice");
        options.put("batch.max-delay", "soon");
        assertThatThrownBy(() -> JobConfig.fromMap(options))
                .hasMessageContaining("delivery: cannot parse 'twice'")
                .hasMessageContaining("batch.max-delay: cannot parse 'soon'");
    }

    @Test
    void capacityMustHoldAFullBatch() {
        Map<String, String> options = minimal();
        options.put("batch.max-size", "32");
        options.put("classify.capacity", "16");
        assertThatThrownBy(() -> JobConfig.fromMap(options))
                .hasMessageContaining("classify.capacity (16) must be at least batch.max-size (32)");
    }

    @Test
    void producerLimitMustFitTheLargestDeadLetter() {
        Map<String, String> options = minimal();
        options.put("image.max-bytes", "5000000");
        options.put("kafka.properties.max.request.size", "1048576");
        assertThatThrownBy(() -> JobConfig.fromMap(options))
                .hasMessageContaining("kafka.properties.max.request.size (1048576) must be at least");

        options.put("kafka.properties.max.request.size", String.valueOf(8 * 1024 * 1024));
        assertThat(JobConfig.fromMap(options).producerMaxRequestBytes()).isLessThanOrEqualTo(8 * 1024 * 1024);
    }
}
