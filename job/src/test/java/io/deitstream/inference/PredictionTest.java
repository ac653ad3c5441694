package io.deitstream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deitstream.schema.TopClass;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionTest {
    private static final List<String> LABELS = List.of("a", "b", "c", "d", "e");

    @Test
    void topKIsTheSoftmaxOfTheLargestLogitsInOrder() {
        float[] logits = {1f, 3f, -2f, 3f, 0.5f};
        Prediction prediction = Prediction.of(logits, 3, LABELS);

        double sum = 0;
        for (float logit : logits) {
            sum += Math.exp(logit);
        }
        assertThat(prediction.top()).extracting(TopClass::getIndex).containsExactly(1, 3, 0);
        assertThat(prediction.top()).extracting(TopClass::getLabel).containsExactly("b", "d", "a");
        assertThat(prediction.top().get(0).getProbability()).isCloseTo((float) (Math.exp(3) / sum), within(1e-7f));
        assertThat(prediction.top().get(2).getProbability()).isCloseTo((float) (Math.exp(1) / sum), within(1e-7f));
        assertThat(prediction.logits()).isSameAs(logits);
    }

    @Test
    void hugeLogitsDoNotOverflow() {
        Prediction prediction = Prediction.of(new float[] {1000f, 999f, -1000f, 0f, 0f}, 2, LABELS);
        assertThat(prediction.top().get(0).getProbability()).isCloseTo((float) (1 / (1 + Math.exp(-1))),
                within(1e-6f));
    }

    @Test
    void kLargerThanTheClassesReturnsThemAll() {
        assertThat(Prediction.of(new float[] {0f, 1f}, 5, List.of("x", "y")).top())
                .extracting(TopClass::getIndex).containsExactly(1, 0);
    }
}
