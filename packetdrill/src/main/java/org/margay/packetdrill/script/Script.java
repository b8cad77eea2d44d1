package org.margay.packetdrill.script;

import java.util.List;
import java.util.Map;

/**
 * A parsed packetdrill script: the {@code --name=value} options it sets (in order) and its events.
 *
 * @param options the script's command-line options, name to value ("" when the option has no value)
 * @param events  the events in script order; the first must be at time 0 (checked by the runner)
 */
public record Script(Map<String, String> options, List<Event> events) {
    public Script {
        options = Map.copyOf(options);
        events = List.copyOf(events);
    }
}
