package org.dsas.core.api;

import java.util.Map;

/** The one view of the box that {@code dsas:status} prints. */
public interface StatusView {

    /** Ordered sections: box, roles, features, bundles, then one per contributor, then alarms. */
    Map<String, Object> snapshot();
}
