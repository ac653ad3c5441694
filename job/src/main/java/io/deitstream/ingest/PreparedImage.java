package io.deitstream.ingest;

/**
 * An image ready for the model: the 224x224 RGB uint8 crop (150 KB, not a 600 KB float tensor; the model converts and
 * normalizes on its device) plus what the result needs: id, event time, and the source record for dead letters.
 */
public class PreparedImage {
    public String id;
    public long eventTimeMillis;
    /** The crop, row-major HWC RGB, {@code ImagePreprocessor.CROP_BYTES} long. */
    public byte[] pixels;
    public long preprocessMicros;
    /** The Kafka record it came from; its value is the dead-letter payload if classification fails. */
    public RawRecord source;

    /** For Flink's POJO serializer. */
    public PreparedImage() {}

    public PreparedImage(String id, long eventTimeMillis, byte[] pixels, long preprocessMicros, RawRecord source) {
        this.id = id;
        this.eventTimeMillis = eventTimeMillis;
        this.pixels = pixels;
        this.preprocessMicros = preprocessMicros;
        this.source = source;
    }
}
