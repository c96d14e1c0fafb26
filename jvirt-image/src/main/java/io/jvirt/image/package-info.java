/** jvirt image. */
package io.jvirt.image;
