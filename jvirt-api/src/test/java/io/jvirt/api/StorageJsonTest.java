package io.jvirt.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming storage JSON equals data binding's, both ways, and rejects unknown fields. */
class StorageJsonTest {
    private static final StoragePoolInfo POOL = new StoragePoolInfo("default", "u-1", "fs", true, false, true, 10, 4,
            6, "/var/lib/jvirt/images", "/dev/loop0");
    private static final StorageVolumeInfo VOLUME = new StorageVolumeInfo("a.qcow2", "default", "/p/a.qcow2",
            "/p/a.qcow2", "file", "qcow2", 10L << 30, 200704, 262144, "/p/base.img", List.of("vm1", "vm2"));

    @Test
    void sameJsonAsDataBinding() throws IOException {
        assertThat(new String(StorageJson.write(POOL))).isEqualTo(Json.mapper().writeValueAsString(POOL));
        assertThat(new String(StorageJson.write(VOLUME))).isEqualTo(Json.mapper().writeValueAsString(VOLUME));
        VolumeCreateRequest r = new VolumeCreateRequest("n", "raw", 1, null, null, true);
        assertThat(Json.mapper().readValue(StorageJson.write(r), VolumeCreateRequest.class)).isEqualTo(r);
    }

    @Test
    void roundTrips() throws IOException {
        assertThat(StorageJson.pool(Json.mapper().writeValueAsBytes(POOL))).isEqualTo(POOL);
        assertThat(StorageJson.volume(StorageJson.write(VOLUME))).isEqualTo(VOLUME);
        assertThat(StorageJson.pools(StorageJson.writePools(List.of(POOL, POOL)))).containsExactly(POOL, POOL);
        assertThat(StorageJson.volumes(StorageJson.writeVolumes(List.of(VOLUME)))).containsExactly(VOLUME);
        assertThat(StorageJson.volumes("[]".getBytes())).isEmpty();
    }

    @Test
    void imageHolders() throws IOException {
        List<ImageHolder> holders = List.of(new ImageHolder("vm1", "vda", false, null),
                new ImageHolder(null, null, false, "a running vol-wipe of volume 'v' in pool 'p'"));
        byte[] json = StorageJson.writeImageHolders(holders);
        assertThat(new String(json)).isEqualTo(Json.mapper().writeValueAsString(holders));
        assertThat(StorageJson.imageHolders(json)).isEqualTo(holders);
        assertThat(StorageJson.imageHolders("[]".getBytes())).isEmpty();
        assertThatThrownBy(() -> StorageJson.imageHolders("[{\"pid\":1}]".getBytes()))
                .hasMessage("unknown field 'pid' in an image holder answer");
    }

    @Test
    void unknownFieldsAreRejected() {
        assertThatThrownBy(() -> StorageJson.pool("{\"name\":\"p\",\"colour\":1}".getBytes()))
                .isInstanceOf(IOException.class).hasMessage("unknown field 'colour' in a storage pool answer");
    }
}
