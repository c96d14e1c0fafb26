/** jvirt cli. */
package io.jvirt.cli;
