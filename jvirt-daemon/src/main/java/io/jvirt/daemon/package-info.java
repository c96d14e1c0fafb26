/** jvirt daemon. */
package io.jvirt.daemon;
