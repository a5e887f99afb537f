/**
 * The probes: one attempt of one checker type (TCP_CHECK, HTTP_GET, ...) against
 * one target, asynchronous on Netty, bounded by its connect timeout. The engine
 * schedules attempts, counts retries and decides up/down; probes only answer
 * "did this attempt pass".
 */
package org.dsas.healthcheck.probe;
