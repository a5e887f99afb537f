package org.dsas.lb.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.ConfigFiles;
import org.junit.jupiter.api.Test;

class NftablesDataplaneProviderConfigTest {

    private final Map<String, List<String>> alarms = new HashMap<>();
    private final NftablesDataplaneProvider provider = new NftablesDataplaneProvider();

    NftablesDataplaneProviderConfigTest() {
        provider.alarms = alarms::put;
    }

    @Test
    void theShippedFileIsReadWholeWithEveryKeyKnown() throws Exception {
        Map<String, Object> props = new HashMap<>(ConfigFiles.read(Path.of("../../etc/org.dsas.lb.nftables.cfg")));
        // DS hands the component its declared properties along with the configuration.
        props.put("dsas.lb.dataplane", "nftables");
        props.put("dsas.lb.preference", 200);
        provider.configure(props);
        assertEquals(List.of(), alarms.get(NftablesDataplaneProvider.PID));
        assertEquals(List.of("nft"), provider.command());
    }

    @Test
    void anUnknownKeyOrAnEmptyCommandIsRefusedAndTheCommandInForceKept() {
        provider.configure(Map.of("command", "ip netns exec lb nft"));
        provider.configure(Map.of("comand", "nft"));
        assertEquals(List.of("etc/org.dsas.lb.nftables.cfg: key 'comand': unknown key (known: command)"),
                alarms.get(NftablesDataplaneProvider.PID));
        assertEquals(List.of("ip", "netns", "exec", "lb", "nft"), provider.command());

        provider.configure(Map.of("command", "  "));
        assertEquals(List.of("etc/org.dsas.lb.nftables.cfg: key 'command': empty (the nft command, e.g. nft)"),
                alarms.get(NftablesDataplaneProvider.PID));
        assertEquals(List.of("ip", "netns", "exec", "lb", "nft"), provider.command());
    }
}
