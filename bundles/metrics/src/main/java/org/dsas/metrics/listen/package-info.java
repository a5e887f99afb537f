/**
 * TCP listeners that one client cannot stall (Netty, one event loop): a deadline per connection, a cap on the
 * connections of one client address, request size limits, and every refusal counted by reason. Used by the agent
 * (Prometheus, gmond XML) and the collector (gmetad's XML and interactive ports).
 */
@Export
@Version("0.1.0")
package org.dsas.metrics.listen;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
