package io.deitstream.config;

import static io.deitstream.config.DeitStreamOptions.*;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The job's validated, immutable configuration. Built once at start from key/value options (see
 * {@link DeitStreamOptions}); every problem is reported together in one {@link InvalidConfigException}.
 */
public final class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Room for the DeadLetter envelope (ids, message, coordinates) around a dead-lettered payload. */
    private static final int ENVELOPE_BYTES = 64 * 1024;

    private final String bootstrapServers;
    private final String groupId;
    private final String imagesTopic;
    private final String classificationsTopic;
    private final String deadLetterTopic;
    private final Map<String, String> kafkaProperties;
    private final String modelDir;
    private final String modelPrecision;
    private final String modelDevice;
    private final List<Integer> modelGpus;
    private final boolean modelGpusOnCpu;
    private final int topK;
    private final int batchMaxSize;
    private final Duration batchMaxDelay;
    private final int capacity;
    private final Duration timeout;
    private final int timeoutRetries;
    private final int preprocessParallelism;
    private final int classifyParallelism;
    private final DeliveryMode delivery;
    private final Duration checkpointInterval;
    private final OutputOrder outputOrder;
    private final int maxImageBytes;
    private final long maxPixels;

    private JobConfig(Configuration c, Map<String, String> kafkaProperties) {
        this.bootstrapServers = c.get(BOOTSTRAP_SERVERS);
        this.groupId = c.get(GROUP_ID);
        this.imagesTopic = c.get(IMAGES_TOPIC);
        this.classificationsTopic = c.get(CLASSIFICATIONS_TOPIC);
        this.deadLetterTopic = c.get(DEAD_LETTER_TOPIC);
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.modelDir = c.get(MODEL_DIR);
        this.modelPrecision = c.get(MODEL_PRECISION);
        this.modelDevice = c.get(MODEL_DEVICE);
        this.modelGpus = c.getOptional(MODEL_GPUS).map(List::copyOf).orElse(null);
        this.modelGpusOnCpu = c.get(MODEL_GPUS_ON_CPU);
        this.topK = c.get(TOP_K);
        this.batchMaxSize = c.get(BATCH_MAX_SIZE);
        this.batchMaxDelay = c.get(BATCH_MAX_DELAY);
        this.capacity = c.get(CAPACITY);
        this.timeout = c.get(TIMEOUT);
        this.timeoutRetries = c.get(TIMEOUT_RETRIES);
        this.preprocessParallelism = c.get(PREPROCESS_PARALLELISM);
        this.classifyParallelism = c.get(CLASSIFY_PARALLELISM);
        this.delivery = c.get(DELIVERY);
        this.checkpointInterval = c.get(CHECKPOINT_INTERVAL);
        this.outputOrder = c.get(OUTPUT_ORDER);
        this.maxImageBytes = c.get(MAX_IMAGE_BYTES);
        this.maxPixels = c.get(MAX_PIXELS);
    }

    /** Parses and validates; throws {@link InvalidConfigException} naming every bad or unknown option. */
    public static JobConfig fromMap(Map<String, String> options) {
        List<String> problems = new ArrayList<>();
        Set<String> known = ALL.stream().map(ConfigOption::key).collect(Collectors.toSet());
        Map<String, String> kafka = new LinkedHashMap<>();
        options.forEach((key, value) -> {
            if (key.startsWith(KAFKA_PROPERTIES_PREFIX)) {
                kafka.put(key.substring(KAFKA_PROPERTIES_PREFIX.length()), value);
            } else if (!known.contains(key)) {
                problems.add("unknown option '" + key + "' (known: " + String.join(", ", new java.util.TreeSet<>(known))
                        + ", " + KAFKA_PROPERTIES_PREFIX + "*)");
            }
        });
        Configuration c = Configuration.fromMap(options);
        for (ConfigOption<?> option : ALL) {
            try {
                c.get(option);
            } catch (IllegalArgumentException e) {
                problems.add(option.key() + ": cannot parse '" + options.get(option.key()) + "' ("
                        + option.description() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        JobConfig config = new JobConfig(c, kafka);
        config.validate(problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return config;
    }

    private void validate(List<String> problems) {
        Predicate<String> blank = s -> s == null || s.isBlank();
        check(problems, !blank.test(bootstrapServers), BOOTSTRAP_SERVERS.key() + " is required");
        check(problems, !blank.test(modelDir), MODEL_DIR.key() + " is required");
        check(problems, !blank.test(groupId), GROUP_ID.key() + " must not be empty");
        for (String topic : List.of(imagesTopic, classificationsTopic, deadLetterTopic)) {
            check(problems, !blank.test(topic), "topic names must not be empty");
        }
        check(problems, Set.of(imagesTopic, classificationsTopic, deadLetterTopic).size() == 3,
                "topic.images, topic.classifications and topic.dead-letters must be three different topics");
        check(problems, Set.of("auto", "float32", "bfloat16", "float16").contains(modelPrecision),
                MODEL_PRECISION.key() + " must be auto, float32, bfloat16 or float16, was '" + modelPrecision + "'");
        check(problems, modelDevice.equals("auto") || modelDevice.equals("cpu") || modelDevice.matches("gpu:\\d+"),
                MODEL_DEVICE.key() + " must be auto, cpu or gpu:N, was '" + modelDevice + "'");
        check(problems, modelGpus == null || (!modelGpus.isEmpty() && modelGpus.stream().allMatch(i -> i >= 0)),
                MODEL_GPUS.key() + " must list GPU indices >= 0, was " + modelGpus);
        check(problems, topK >= 1, TOP_K.key() + " must be at least 1, was " + topK);
        check(problems, batchMaxSize >= 1 && batchMaxSize <= 1024,
                BATCH_MAX_SIZE.key() + " must be in 1..1024, was " + batchMaxSize);
        check(problems, !batchMaxDelay.isNegative() && !batchMaxDelay.isZero(),
                BATCH_MAX_DELAY.key() + " must be positive, was " + batchMaxDelay);
        check(problems, capacity >= batchMaxSize, CAPACITY.key() + " (" + capacity
                + ") must be at least " + BATCH_MAX_SIZE.key() + " (" + batchMaxSize + "), or batches never fill");
        check(problems, timeout.compareTo(batchMaxDelay) > 0, TIMEOUT.key() + " (" + timeout
                + ") must exceed " + BATCH_MAX_DELAY.key() + " (" + batchMaxDelay + ")");
        check(problems, timeoutRetries >= 0 && timeoutRetries <= 10,
                TIMEOUT_RETRIES.key() + " must be in 0..10, was " + timeoutRetries);
        check(problems, preprocessParallelism == -1 || preprocessParallelism >= 1,
                PREPROCESS_PARALLELISM.key() + " must be -1 or at least 1, was " + preprocessParallelism);
        check(problems, classifyParallelism == -1 || classifyParallelism >= 1,
                CLASSIFY_PARALLELISM.key() + " must be -1 or at least 1, was " + classifyParallelism);
        check(problems, !checkpointInterval.isNegative() && !checkpointInterval.isZero(),
                CHECKPOINT_INTERVAL.key() + " must be positive, was " + checkpointInterval);
        check(problems, maxImageBytes >= 1, MAX_IMAGE_BYTES.key() + " must be positive, was " + maxImageBytes);
        check(problems, maxPixels >= 1, MAX_PIXELS.key() + " must be positive, was " + maxPixels);
        String requestSize = kafkaProperties.get("max.request.size");
        if (requestSize != null) {
            check(problems, parsesAtLeast(requestSize, producerMaxRequestBytes()),
                    KAFKA_PROPERTIES_PREFIX + "max.request.size (" + requestSize + ") must be at least "
                            + producerMaxRequestBytes() + " so that a dead letter carrying a "
                            + MAX_IMAGE_BYTES.key() + " payload can be written");
        }
    }

    private static boolean parsesAtLeast(String value, long minimum) {
        try {
            return Long.parseLong(value.trim()) >= minimum;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void check(List<String> problems, boolean ok, String message) {
        if (!ok) {
            problems.add(message);
        }
    }

    /** Client properties passed through from {@code kafka.properties.*}. A fresh copy each call. */
    public Properties kafkaProperties() {
        Properties properties = new Properties();
        properties.putAll(kafkaProperties);
        return properties;
    }

    /**
     * Dead letters keep payloads up to this size, so a record can be replayed from the dead-letter topic. Larger
     * ones (necessarily TOO_LARGE) are kept by their source coordinates only, or they could never be written.
     */
    public int deadLetterPayloadLimit() {
        return maxImageBytes + ENVELOPE_BYTES;
    }

    /** The smallest producer max.request.size that fits every output record. */
    public int producerMaxRequestBytes() {
        return deadLetterPayloadLimit() + ENVELOPE_BYTES;
    }

    public String bootstrapServers() { return bootstrapServers; }
    public String groupId() { return groupId; }
    public String imagesTopic() { return imagesTopic; }
    public String classificationsTopic() { return classificationsTopic; }
    public String deadLetterTopic() { return deadLetterTopic; }
    public String modelDir() { return modelDir; }
    public String modelPrecision() { return modelPrecision; }
    public String modelDevice() { return modelDevice; }
    /** The configured GPU list, or empty to use what Flink's external resource framework assigned. */
    public java.util.Optional<List<Integer>> modelGpus() { return java.util.Optional.ofNullable(modelGpus); }
    public boolean modelGpusOnCpu() { return modelGpusOnCpu; }
    public int topK() { return topK; }
    public int batchMaxSize() { return batchMaxSize; }
    public Duration batchMaxDelay() { return batchMaxDelay; }
    public int capacity() { return capacity; }
    /** How long one attempt may take; see {@link #totalTimeout()}. */
    public Duration timeout() { return timeout; }
    public int timeoutRetries() { return timeoutRetries; }
    /** The async operator's bound on an image, all attempts included. */
    public Duration totalTimeout() { return timeout.multipliedBy(timeoutRetries + 1L); }
    public int preprocessParallelism() { return preprocessParallelism; }
    public int classifyParallelism() { return classifyParallelism; }
    public DeliveryMode delivery() { return delivery; }
    public Duration checkpointInterval() { return checkpointInterval; }
    public OutputOrder outputOrder() { return outputOrder; }
    public int maxImageBytes() { return maxImageBytes; }
    public long maxPixels() { return maxPixels; }
}
