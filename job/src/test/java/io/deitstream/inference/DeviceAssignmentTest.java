package io.deitstream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceAssignmentTest {

    @Test
    void autoSpreadsSubtasksOverTheTaskManagersGpusBySubtaskIndex() {
        List<Integer> gpus = List.of(2, 5);
        assertThat(DeviceAssignment.choose("auto", gpus, 0, false).slot()).isEqualTo(Device.gpu(2));
        assertThat(DeviceAssignment.choose("auto", gpus, 1, false).slot()).isEqualTo(Device.gpu(5));
        assertThat(DeviceAssignment.choose("auto", gpus, 2, false).slot()).isEqualTo(Device.gpu(2));
        assertThat(DeviceAssignment.choose("auto", gpus, 3, false).load()).isEqualTo(Device.gpu(5));
    }

    @Test
    void withoutGpusTheCpuIsTheFallback() {
        DeviceAssignment cpu = DeviceAssignment.choose("auto", List.of(), 3, false);
        assertThat(cpu.slot()).isEqualTo(Device.cpu());
        assertThat(cpu.load()).isEqualTo(Device.cpu());
        assertThat(cpu.describe()).isEqualTo("cpu()");
    }

    @Test
    void anExplicitDeviceOverridesTheAssignment() {
        assertThat(DeviceAssignment.choose("cpu", List.of(0, 1), 1, false).slot()).isEqualTo(Device.cpu());
        assertThat(DeviceAssignment.choose("gpu:3", List.of(0, 1), 1, false).slot()).isEqualTo(Device.gpu(3));
        assertThat(DeviceAssignment.choose("gpu:3", List.of(), 0, false).slot()).isEqualTo(Device.gpu(3));
    }

    @Test
    void aDryRunKeepsTheGpuAssignmentButLoadsOnTheCpu() {
        DeviceAssignment dryRun = DeviceAssignment.choose("auto", List.of(0, 1), 1, true);
        assertThat(dryRun.slot()).isEqualTo(Device.gpu(1));
        assertThat(dryRun.load()).isEqualTo(Device.cpu());
        assertThat(dryRun.describe()).isEqualTo("cpu() as gpu(1)");
        assertThat(DeviceAssignment.choose("cpu", List.of(0), 0, true).describe()).isEqualTo("cpu()");
    }
}
