/**
 * virsh's block job verbs: {@code blockcommit}, {@code blockpull}, {@code blockcopy} and
 * {@code blockjob}, with virsh's options, progress line and messages.
 */
package io.jvirt.cli.blockjob;
