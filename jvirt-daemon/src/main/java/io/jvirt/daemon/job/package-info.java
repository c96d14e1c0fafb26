/**
 * Long domain operations as jobs: one per domain at a time, under the domain's job lock, with
 * progress and cancellation for {@code domjobinfo} and {@code domjobabort}, and a durable
 * record of where they are so that a daemon that crashed mid-way finishes or undoes them at
 * its next start. Entry points: {@link io.jvirt.daemon.job.Jobs#begin} (a job's steps, each
 * recorded before it runs) and {@link io.jvirt.daemon.job.JobRecovery} (what a job kind does
 * with a record found at start-up).
 */
package io.jvirt.daemon.job;
