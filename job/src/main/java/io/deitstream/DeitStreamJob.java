package io.deitstream;

import io.deitstream.config.DeliveryMode;
import io.deitstream.config.JobConfig;
import io.deitstream.config.OutputOrder;
import io.deitstream.image.ImageLimits;
import io.deitstream.inference.ClassifyFunction;
import io.deitstream.inference.ClassifyOutcome;
import io.deitstream.ingest.PreparedImage;
import io.deitstream.ingest.PreprocessFunction;
import io.deitstream.ingest.RawRecord;
import io.deitstream.kafka.KafkaEndpoints;
import io.deitstream.schema.Classification;
import io.deitstream.schema.DeadLetter;
import io.deitstream.sink.OutcomeSplitter;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The pipeline: raw Kafka records → preprocess (parse, decode, resize, crop) → classify (micro-batched DeiT) →
 * classifications and dead letters. Source and sinks are arguments, so tests run this exact pipeline against their
 * own endpoints; {@link #main} wires the Kafka ones.
 */
public final class DeitStreamJob {
    private final JobConfig config;

    public DeitStreamJob(JobConfig config) {
        this.config = config;
    }

    /** {@code --key value} options, as listed in {@link io.deitstream.config.DeitStreamOptions}. */
    public static void main(String[] args) throws Exception {
        JobConfig config = JobConfig.fromMap(ParameterTool.fromArgs(args).toMap());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new DeitStreamJob(config).build(env, KafkaEndpoints.source(config),
                KafkaEndpoints.classificationSink(config), KafkaEndpoints.deadLetterSink(config));
        env.execute("deit-stream");
    }

    /** Adds the pipeline to {@code env}; the caller executes it. */
    public void build(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source,
            Sink<Classification> classificationSink, Sink<DeadLetter> deadLetterSink) {
        configure(env);

        SingleOutputStreamOperator<PreparedImage> prepared = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "images")
                .setParallelism(parallelism(env, config.preprocessParallelism()))
                .uid("images-source")
                .process(new PreprocessFunction(new ImageLimits(config.maxImageBytes(), config.maxPixels()),
                        config.deadLetterPayloadLimit()))
                .setParallelism(parallelism(env, config.preprocessParallelism()))
                .name("preprocess").uid("preprocess");

        SingleOutputStreamOperator<Classification> classified = classify(prepared)
                .setParallelism(parallelism(env, config.classifyParallelism()))
                .name("classify").uid("classify")
                .process(new OutcomeSplitter())
                .setParallelism(parallelism(env, config.classifyParallelism()))
                .name("split-outcomes").uid("split-outcomes");

        classified.sinkTo(classificationSink).name("classifications").uid("classifications-sink");
        DataStream<DeadLetter> deadLetters = prepared.getSideOutput(PreprocessFunction.DEAD_LETTERS)
                .union(classified.getSideOutput(OutcomeSplitter.DEAD_LETTERS));
        deadLetters.sinkTo(deadLetterSink).name("dead-letters").uid("dead-letters-sink");
    }

    private SingleOutputStreamOperator<ClassifyOutcome> classify(DataStream<PreparedImage> images) {
        ClassifyFunction function = new ClassifyFunction(config);
        long timeoutMillis = config.totalTimeout().toMillis();
        return config.outputOrder() == OutputOrder.ORDERED
                ? AsyncDataStream.orderedWait(images, function, timeoutMillis, TimeUnit.MILLISECONDS,
                        config.capacity())
                : AsyncDataStream.unorderedWait(images, function, timeoutMillis, TimeUnit.MILLISECONDS,
                        config.capacity());
    }

    private void configure(StreamExecutionEnvironment env) {
        // Every record type is a POJO or an Avro record; a Kryo fallback would be a silent slowdown, so forbid it.
        Configuration pipeline = new Configuration();
        pipeline.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(pipeline);
        // Both modes checkpoint: source offsets are only committed with a checkpoint, so nothing read is lost.
        env.enableCheckpointing(config.checkpointInterval().toMillis(),
                config.delivery() == DeliveryMode.EXACTLY_ONCE ? CheckpointingMode.EXACTLY_ONCE
                        : CheckpointingMode.AT_LEAST_ONCE);
    }

    private static int parallelism(StreamExecutionEnvironment env, int configured) {
        return configured > 0 ? configured : env.getParallelism();
    }
}
