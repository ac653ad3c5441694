package io.deitstream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDManager;
import io.deitstream.image.ImagePreprocessor;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Native memory is the classic leak of JVM inference: every NDArray of a forward pass must live in the predictor's
 * per-call manager and be freed with it. Counted on the real engine: the model's managers hold no more arrays after
 * many batches than after the first.
 */
class NativeMemoryTest {

    @Test
    void forwardPassesLeaveNoArraysBehind() throws Exception {
        ModelDirectory dir = ModelDirectory.open(Path.of("models/deit-test"));
        try (ModelRegistry.Lease lease = ModelRegistry.acquire(dir, new DeviceAssignment(Device.cpu(), Device.cpu()));
                Predictor<PixelBatch, List<Prediction>> predictor =
                        lease.model().newPredictor(new DeitTranslator(dir.labels(), 5))) {
            PixelBatch batch = new PixelBatch(4);
            Random random = new Random(3);
            for (int i = 0; i < 4; i++) {
                byte[] crop = new byte[ImagePreprocessor.CROP_BYTES];
                random.nextBytes(crop);
                batch.add(crop);
            }
            NDManager models = lease.model().getNDManager();
            predictor.predict(batch);
            int before = models.getManagedArrays().size();

            for (int i = 0; i < 50; i++) {
                assertThat(predictor.predict(batch)).hasSize(4);
            }

            assertThat(models.getManagedArrays()).hasSize(before);
        }
    }
}
