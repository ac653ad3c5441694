package io.deitstream.inference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups items into batches on one worker thread: a batch leaves when it holds {@code maxSize} items or when its oldest
 * item has waited {@code maxDelay}, whichever comes first. Under low load an item waits at most about maxDelay; under
 * load, items queue while the previous batch runs and the next one leaves full. Bounded by the caller (the async
 * operator's capacity), so the queue never grows without limit.
 *
 * <p>The processor runs on the worker thread only, which lets it own thread-confined resources such as a Predictor.
 */
public final class MicroBatcher<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MicroBatcher.class);

    private record Queued<T>(T item, long arrivalNanos) {}

    private final int maxSize;
    private final long maxDelayNanos;
    private final Consumer<List<T>> processor;
    private final BlockingQueue<Queued<T>> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean running = true;

    public MicroBatcher(int maxSize, Duration maxDelay, Consumer<List<T>> processor, String threadName) {
        this.maxSize = maxSize;
        this.maxDelayNanos = maxDelay.toNanos();
        this.processor = processor;
        this.worker = new Thread(this::run, threadName);
        worker.setDaemon(true);
        worker.start();
    }

    public void submit(T item) {
        if (!running) {
            throw new IllegalStateException("batcher is closed");
        }
        queue.add(new Queued<>(item, System.nanoTime()));
    }

    private void run() {
        List<T> batch = new ArrayList<>(maxSize);
        while (running) {
            try {
                Queued<T> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first.item());
                long deadline = first.arrivalNanos() + maxDelayNanos;
                while (batch.size() < maxSize) {
                    long wait = deadline - System.nanoTime();
                    // Past the deadline, take only what is already queued: the batch is due now.
                    Queued<T> next = wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next.item());
                }
                processor.accept(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The processor answers each item itself; an escape here is a bug, which must not end the thread.
                LOG.error("Batch processor failed; its items are left to the async timeout", e);
            } finally {
                batch.clear();
            }
        }
    }

    /** Stops the worker after its current batch; items still queued are abandoned (Flink replays them on restore). */
    @Override
    public void close() throws InterruptedException {
        running = false;
        worker.interrupt();
        worker.join(TimeUnit.SECONDS.toMillis(30));
    }
}
