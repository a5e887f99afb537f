/**
 * The metrics capability's contract: what a node knows of its cluster (gmond's view), the history the
 * collector keeps (gmetad's RRDs), and gmetric-style sending. Capabilities publish their own figures through
 * {@link org.dsas.core.api.MetricSource}, not through this package.
 */
@Export
@Version("0.1.0")
package org.dsas.metrics.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
