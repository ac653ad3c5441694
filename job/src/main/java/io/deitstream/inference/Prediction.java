package io.deitstream.inference;

import io.deitstream.schema.TopClass;
import java.util.ArrayList;
import java.util.List;

/** One image's raw logits and its k most probable classes under softmax. */
public record Prediction(float[] logits, List<TopClass> top) {

    /**
     * Softmax in double over all classes (stable: shifted by the maximum), then the k largest, most probable first;
     * ties keep the lower class index first, as a stable sort would.
     */
    public static Prediction of(float[] logits, int k, List<String> labels) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double sum = 0;
        for (float logit : logits) {
            sum += Math.exp(logit - max);
        }
        int[] best = topIndices(logits, Math.min(k, logits.length));
        List<TopClass> top = new ArrayList<>(best.length);
        for (int index : best) {
            top.add(new TopClass(index, labels.get(index), (float) (Math.exp(logits[index] - max) / sum)));
        }
        return new Prediction(logits, top);
    }

    /** Insertion into a k-long sorted window: O(n·k) with k small beats sorting 1000 boxed indices. */
    private static int[] topIndices(float[] values, int k) {
        int[] best = new int[k];
        int filled = 0;
        for (int i = 0; i < values.length; i++) {
            if (filled == k && values[i] <= values[best[k - 1]]) {
                continue;
            }
            int at = filled < k ? filled++ : k - 1;
            while (at > 0 && values[best[at - 1]] < values[i]) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = i;
        }
        return best;
    }
}
