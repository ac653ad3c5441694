package io.deitstream.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * Every option of the job, in one place: key, type, default and meaning. {@link JobConfig} reads and validates them
 * once at start; the README's configuration table mirrors this file.
 */
public final class DeitStreamOptions {
    private DeitStreamOptions() {}

    /** Keys under this prefix are passed to every Kafka client unchanged (SASL, TLS, timeouts...). */
    public static final String KAFKA_PROPERTIES_PREFIX = "kafka.properties.";

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = key("kafka.bootstrap-servers").stringType()
            .noDefaultValue().withDescription("Kafka bootstrap servers, host:port[,host:port...]. Required.");
    public static final ConfigOption<String> GROUP_ID = key("kafka.group-id").stringType()
            .defaultValue("deit-stream").withDescription("Consumer group id of the source.");
    public static final ConfigOption<String> IMAGES_TOPIC = key("topic.images").stringType()
            .defaultValue("images").withDescription("Input topic of ImageEvent records.");
    public static final ConfigOption<String> CLASSIFICATIONS_TOPIC = key("topic.classifications").stringType()
            .defaultValue("classifications").withDescription("Output topic of Classification records.");
    public static final ConfigOption<String> DEAD_LETTER_TOPIC = key("topic.dead-letters").stringType()
            .defaultValue("images-dlq").withDescription("Output topic of DeadLetter records.");

    public static final ConfigOption<String> MODEL_DIR = key("model.dir").stringType()
            .noDefaultValue().withDescription("Model directory (model.pt, labels.txt, metadata.json). Required.");
    public static final ConfigOption<String> MODEL_PRECISION = key("model.precision").stringType()
            .defaultValue("auto").withDescription("auto, float32, bfloat16 or float16: the precision the exported "
                    + "module computes in (metadata.json's dtype). Anything but auto must match the directory, so a "
                    + "deployment cannot silently run the wrong export.");
    public static final ConfigOption<String> MODEL_DEVICE = key("model.device").stringType()
            .defaultValue("auto").withDescription("auto: each classify subtask takes a GPU of its TaskManager by "
                    + "subtask index (Flink external resource 'gpu', or model.gpus), and the CPU when there is none. "
                    + "cpu: always the CPU. gpu:N: every subtask on GPU N.");
    public static final ConfigOption<List<Integer>> MODEL_GPUS = key("model.gpus").intType().asList()
            .noDefaultValue().withDescription("GPU indices to spread classify subtasks over, instead of the ones "
                    + "Flink's external resource framework assigned, e.g. 0;1.");
    public static final ConfigOption<Boolean> MODEL_GPUS_ON_CPU = key("model.gpus-on-cpu").booleanType()
            .defaultValue(false).withDescription("Load each GPU's model on the CPU instead, keeping the per-GPU "
                    + "assignment and sharing: a dry run of a GPU layout on a machine without GPUs.");
    public static final ConfigOption<Integer> TOP_K = key("classify.top-k").intType()
            .defaultValue(5).withDescription("Classes reported per image, 1..number of labels.");

    public static final ConfigOption<Integer> BATCH_MAX_SIZE = key("batch.max-size").intType()
            .defaultValue(16).withDescription("A batch leaves for the model when it holds this many images.");
    public static final ConfigOption<Duration> BATCH_MAX_DELAY = key("batch.max-delay").durationType()
            .defaultValue(Duration.ofMillis(20))
            .withDescription("...or when its oldest image has waited this long, whichever comes first.");
    public static final ConfigOption<Integer> CAPACITY = key("classify.capacity").intType()
            .defaultValue(64).withDescription("Images in flight per classify subtask; bounds memory, "
                    + "backpressures Kafka. At least batch.max-size.");
    public static final ConfigOption<Duration> TIMEOUT = key("classify.timeout").durationType()
            .defaultValue(Duration.ofSeconds(60))
            .withDescription("An image not classified within this time is dead-lettered with reason TIMEOUT.");

    public static final ConfigOption<Integer> TIMEOUT_RETRIES = key("classify.timeout-retries").intType()
            .defaultValue(0).withDescription("Times an image that has waited classify.timeout is queued again "
                    + "before it is dead-lettered TIMEOUT; the whole wait is bounded by timeout x (retries + 1).");

    public static final ConfigOption<Integer> PREPROCESS_PARALLELISM = key("parallelism.preprocess").intType()
            .defaultValue(-1).withDescription("Parallelism of the Kafka source and preprocess stage "
                    + "(decode, resize); -1 uses the environment's default.");
    public static final ConfigOption<Integer> CLASSIFY_PARALLELISM = key("parallelism.classify").intType()
            .defaultValue(-1).withDescription("Parallelism of the classify stage (one predictor each); "
                    + "-1 uses the environment's default.");

    public static final ConfigOption<DeliveryMode> DELIVERY = key("delivery").enumType(DeliveryMode.class)
            .defaultValue(DeliveryMode.AT_LEAST_ONCE).withDescription("at-least-once or exactly-once.");
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = key("checkpoint.interval").durationType()
            .defaultValue(Duration.ofSeconds(10)).withDescription("Checkpoint interval. In exactly-once mode "
                    + "results become visible to read_committed consumers at each checkpoint.");
    public static final ConfigOption<OutputOrder> OUTPUT_ORDER = key("output.order").enumType(OutputOrder.class)
            .defaultValue(OutputOrder.UNORDERED).withDescription("unordered or ordered.");

    public static final ConfigOption<Integer> MAX_IMAGE_BYTES = key("image.max-bytes").intType()
            .defaultValue(1_000_000).withDescription("Larger images are dead-lettered TOO_LARGE. Kafka's own "
                    + "limits (message.max.bytes, max.request.size, max.partition.fetch.bytes) must allow it.");
    public static final ConfigOption<Long> MAX_PIXELS = key("image.max-pixels").longType()
            .defaultValue(50_000_000L).withDescription("Images whose header declares more pixels are "
                    + "dead-lettered TOO_MANY_PIXELS before decoding.");

    /** Every option, for unknown-key detection and documentation. */
    public static final List<ConfigOption<?>> ALL = List.of(
            BOOTSTRAP_SERVERS, GROUP_ID, IMAGES_TOPIC, CLASSIFICATIONS_TOPIC, DEAD_LETTER_TOPIC,
            MODEL_DIR, MODEL_PRECISION, MODEL_DEVICE, MODEL_GPUS, MODEL_GPUS_ON_CPU, TOP_K, BATCH_MAX_SIZE, BATCH_MAX_DELAY, CAPACITY, TIMEOUT, TIMEOUT_RETRIES,
            PREPROCESS_PARALLELISM, CLASSIFY_PARALLELISM, DELIVERY, CHECKPOINT_INTERVAL, OUTPUT_ORDER,
            MAX_IMAGE_BYTES, MAX_PIXELS);
}
