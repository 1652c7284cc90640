package dev.sagebox.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CheckpointSyncTest {
    final JobWorkspace workspace = new JobWorkspace(Path.of("/work"), "Job-1", 2);

    static CheckpointConfig at(String localPath) {
        return new CheckpointConfig("s3://b/ckpt", localPath);
    }

    @Test
    void aLocalPathInOptMlIsADirectoryOfTheHostsOptMl() {
        assertThat(CheckpointSync.underOptMl(at("/opt/ml/checkpoints"))).isTrue();
        assertThat(CheckpointSync.localDir(workspace, "algo-2", at("/opt/ml/checkpoints/")))
                .isEqualTo(workspace.optMl("algo-2").resolve("checkpoints"));
        assertThat(CheckpointSync.localDir(workspace, "algo-1", at("/opt/ml/a/../ckpt")))
                .isEqualTo(workspace.optMl("algo-1").resolve("ckpt"));
    }

    @Test
    void aLocalPathElsewhereIsAMountOfItsOwnPerHost() {
        assertThat(CheckpointSync.underOptMl(at("/checkpoints"))).isFalse();
        assertThat(CheckpointSync.underOptMl(at("/opt/mlx"))).isFalse();
        assertThat(CheckpointSync.localDir(workspace, "algo-2", at("/checkpoints")))
                .isEqualTo(workspace.checkpointMount("algo-2"));
        assertThat(workspace.checkpointMount("algo-1")).isNotEqualTo(workspace.checkpointMount("algo-2"));
    }
}
