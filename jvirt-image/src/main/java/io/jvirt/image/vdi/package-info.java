/**
 * Read-only VDI (VirtualBox) reader for dynamic ("normal") and fixed ("static") images of
 * header version 1.1.
 */
package io.jvirt.image.vdi;
