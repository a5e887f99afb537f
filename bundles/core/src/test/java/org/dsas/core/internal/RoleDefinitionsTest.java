package org.dsas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RoleDefinitionsTest {

    private static final String FILE = "etc/org.dsas.roles.cfg";

    /** A valid configuration as Config Admin hands it over, framework keys included. */
    private static Map<String, Object> validConfig() {
        Map<String, Object> props = new HashMap<>();
        props.put("service.pid", "org.dsas.roles");
        props.put("felix.fileinstall.filename", "file:/opt/dsas/etc/org.dsas.roles.cfg");
        props.put("component.name", "org.dsas.core.internal.RoleManager");
        props.put("component.id", 12L);
        props.put("osgi.ds.satisfying.condition.target", "(osgi.condition.id=true)");
        props.put("role.base.feature", "dsas-role-base");
        props.put("role.base.description", "shell, status view, SSH management");
        props.put("role.base.required", "true");
        props.put("role.lb.description", "  load balancer  ");
        props.put("role.metrics.feature", "dsas-metrics_2.x");
        props.put("role.metrics.required", Boolean.FALSE);
        return props;
    }

    private static ConfigurationError rejected(Map<String, Object> props) {
        return assertThrows(ConfigurationError.class, () -> RoleDefinitions.parse(props, FILE));
    }

    @Test
    void parsesSeveralRolesInNameOrder() throws ConfigurationError {
        List<RoleDefinition> roles = RoleDefinitions.parse(validConfig(), FILE);

        assertEquals(List.of(
                new RoleDefinition("base", "dsas-role-base", "shell, status view, SSH management", true),
                new RoleDefinition("lb", "dsas-role-lb", "load balancer", false),
                new RoleDefinition("metrics", "dsas-metrics_2.x", "", false)),
                roles);
    }

    @Test
    void featureDefaultsToDsasRoleDashName() throws ConfigurationError {
        List<RoleDefinition> roles = RoleDefinitions.parse(Map.of("role.web-2.description", "web"), FILE);

        assertEquals(List.of(new RoleDefinition("web-2", "dsas-role-web-2", "web", false)), roles);
    }

    @Test
    void requiredAcceptsABooleanValue() throws ConfigurationError {
        List<RoleDefinition> roles = RoleDefinitions.parse(Map.of("role.base.required", Boolean.TRUE), FILE);

        assertEquals(true, roles.get(0).required());
    }

    @Test
    void frameworkKeysAreIgnored() throws ConfigurationError {
        Map<String, Object> props = new HashMap<>(Map.of("role.lb.feature", "dsas-role-lb"));
        props.put("service.pid", "org.dsas.roles");
        props.put("service.bundleLocation", "?");
        props.put("felix.fileinstall.filename", "file:/etc/org.dsas.roles.cfg");
        props.put("component.name", "x");
        props.put("osgi.ds.satisfying.condition.target", "(osgi.condition.id=true)");
        props.put("org.apache.karaf.features.configKey", "x");

        assertEquals(List.of(new RoleDefinition("lb", "dsas-role-lb", "", false)), RoleDefinitions.parse(props, FILE));
    }

    @Test
    void builtInDefinitionIsTheRequiredBaseRole() {
        assertEquals(List.of(new RoleDefinition("base", "dsas-role-base", "shell, status view, SSH management", true)),
                RoleDefinitions.builtIn());
    }

    @Test
    void unknownAttributeIsRejectedNamingFileAndKey() {
        Map<String, Object> props = validConfig();
        props.put("role.lb.colour", "red");

        assertEquals(FILE + ": key 'role.lb.colour': unknown attribute 'colour' (known: description, feature, required)",
                rejected(props).getMessage());
    }

    @Test
    void badRoleNameIsRejectedNamingFileAndKey() {
        Map<String, Object> props = validConfig();
        props.put("role.LB.feature", "dsas-role-lb");

        assertEquals(FILE + ": key 'role.LB.feature': 'LB' is not a role name (lower-case letters, digits, '-', '_')",
                rejected(props).getMessage());
    }

    @Test
    void requiredOtherThanTrueOrFalseIsRejectedNamingFileAndKey() {
        Map<String, Object> props = validConfig();
        props.put("role.lb.required", "yes");

        assertEquals(FILE + ": key 'role.lb.required': 'yes' is not true or false", rejected(props).getMessage());
    }

    @Test
    void badFeatureNameIsRejectedNamingFileAndKey() {
        Map<String, Object> props = validConfig();
        props.put("role.lb.feature", "dsas role lb");

        assertEquals(FILE + ": key 'role.lb.feature': 'dsas role lb' is not a feature name",
                rejected(props).getMessage());
    }

    @Test
    void keyThatIsNotARoleKeyIsRejectedNamingFileAndKey() {
        Map<String, Object> props = validConfig();
        props.put("roles.lb", "on");

        assertEquals(FILE + ": key 'roles.lb': not a role key (expected role.<name>.description|feature|required)",
                rejected(props).getMessage());
    }

    @Test
    void keyWithTooManyPartsIsNotARoleKey() {
        assertEquals(FILE + ": key 'role.lb.feature.name': not a role key (expected role.<name>.description|feature|required)",
                rejected(new HashMap<>(Map.of("role.lb.feature.name", "x"))).getMessage());
    }

    @Test
    void emptyConfigurationIsRejected() {
        assertEquals(FILE + ": key 'role.*': no role is defined", rejected(new HashMap<>()).getMessage());
    }

    @Test
    void configurationWithOnlyFrameworkKeysIsRejected() {
        Map<String, Object> props = new HashMap<>();
        props.put("service.pid", "org.dsas.roles");
        props.put("felix.fileinstall.filename", "file:/etc/org.dsas.roles.cfg");

        assertEquals(FILE + ": key 'role.*': no role is defined", rejected(props).getMessage());
    }

    @Test
    void oneBadRoleRejectsTheWholeConfigurationWhateverItsPosition() {
        // Before and after the valid roles in name order: no partial list is ever returned.
        for (String badKey : List.of("role.aaa.required", "role.zzz.required")) {
            Map<String, Object> props = validConfig();
            props.put(badKey, "maybe");

            ConfigurationError e = rejected(props);

            assertEquals(FILE + ": key '" + badKey + "': 'maybe' is not true or false", e.getMessage());
        }
    }

    @Test
    void parsedListCannotBeModified() throws ConfigurationError {
        List<RoleDefinition> roles = RoleDefinitions.parse(validConfig(), FILE);

        assertThrows(UnsupportedOperationException.class,
                () -> roles.add(new RoleDefinition("x", "x", "", false)));
    }

    @Test
    void theShippedFileIsReadWholeWithEveryKeyKnown() throws Exception {
        List<RoleDefinition> roles = RoleDefinitions.parse(
                org.dsas.core.api.ConfigFiles.read(java.nio.file.Path.of("../../etc/org.dsas.roles.cfg")), FILE);
        assertEquals(List.of("base", "lb", "metrics-collector", "vrrp"), roles.stream().map(RoleDefinition::name).toList());
    }

    @Test
    void everyProblemOfTheFileIsNamedAtOnce() {
        Map<String, Object> props = new java.util.TreeMap<>();
        props.put("role.lb.colour", "red");
        props.put("role.lb.feature", "dsas-role-lb");
        props.put("role.web.required", "maybe");
        props.put("roles", "lb");
        ConfigurationError e = rejected(props);
        assertEquals(List.of(FILE + ": key 'role.lb.colour': unknown attribute 'colour' (known: description, feature, "
                + "required)", FILE + ": key 'roles': not a role key (expected role.<name>.description|feature|required)",
                FILE + ": key 'role.web.required': 'maybe' is not true or false"), e.problems());
    }
}
