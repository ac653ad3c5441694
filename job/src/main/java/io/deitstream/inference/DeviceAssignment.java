package io.deitstream.inference;

import ai.djl.Device;
import java.util.List;

/**
 * The device a classify slot uses, chosen once when it opens. {@code slot} is the device the slot is assigned (and
 * shares a model on); {@code load} is where the weights really go, which differs only in a dry run of a GPU layout
 * on the CPU ({@code model.gpus-on-cpu}).
 */
public record DeviceAssignment(Device slot, Device load) {

    /**
     * @param option {@code auto}, {@code cpu} or {@code gpu:N}
     * @param gpus the GPU indices available to this TaskManager, in order
     * @param subtaskIndex this classify subtask's index: spreads the subtasks round-robin over {@code gpus}
     */
    public static DeviceAssignment choose(String option, List<Integer> gpus, int subtaskIndex, boolean gpusOnCpu) {
        Device slot;
        if (option.equals("cpu")) {
            slot = Device.cpu();
        } else if (option.startsWith("gpu:")) {
            slot = Device.gpu(Integer.parseInt(option.substring("gpu:".length())));
        } else if (gpus.isEmpty()) {
            slot = Device.cpu();
        } else {
            slot = Device.gpu(gpus.get(subtaskIndex % gpus.size()));
        }
        return new DeviceAssignment(slot, gpusOnCpu && slot.isGpu() ? Device.cpu() : slot);
    }

    /** How results name the device: {@code gpu(1)}, or {@code cpu() as gpu(1)} in a dry run. */
    public String describe() {
        return slot.equals(load) ? slot.toString() : load + " as " + slot;
    }
}
