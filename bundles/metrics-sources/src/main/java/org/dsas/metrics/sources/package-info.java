/** Private to this bundle. */
package org.dsas.metrics.sources;
