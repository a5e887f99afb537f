/**
 * Events that cross capabilities, defined once: their topics, property names and the text
 * formats of property values, each with a parser that round-trips. The capability that posts
 * an event and the one that consumes it both build on these, so neither depends on the other.
 */
@Export
@Version("0.1.0")
package org.dsas.core.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
