/** Raw (flat, sparse-aware) images. Internal to the engine; use {@link io.jvirt.image.Images}. */
package io.jvirt.image.raw;
