package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import org.junit.jupiter.api.Test;

/** Reads engine answers shaped like Docker 20.10's inspect output. */
class ContainerStatesTest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static InspectContainerResponse parse(String json) throws Exception {
        return JSON.readValue(json.replace('\'', '"'), InspectContainerResponse.class);
    }

    @Test
    void readsAnExitedContainer() throws Exception {
        ContainerState state = ContainerStates.from(parse("""
                {'Id': 'abc', 'Name': '/algo-1',
                 'State': {'Status': 'exited', 'Running': false, 'OOMKilled': true, 'ExitCode': 137},
                 'Config': {'Labels': {'sagebox.managed': 'true'}},
                 'NetworkSettings': {'Ports': {}, 'Networks': {'net': {'IPAddress': '172.18.0.2'}}}}
                """));
        assertThat(state.id()).isEqualTo("abc");
        assertThat(state.name()).isEqualTo("algo-1");
        assertThat(state.running()).isFalse();
        assertThat(state.exitCode()).hasValue(137);
        assertThat(state.oomKilled()).isTrue();
        assertThat(state.labels()).containsEntry("sagebox.managed", "true");
        assertThat(state.ipAddresses()).containsEntry("net", "172.18.0.2");
    }

    @Test
    void aRunningOrNeverStartedContainerHasNoExitCode() throws Exception {
        assertThat(ContainerStates.from(parse("""
                {'Id': 'a', 'Name': '/a', 'State': {'Status': 'running', 'Running': true, 'ExitCode': 0}}
                """)).exitCode()).isEmpty();
        ContainerState created = ContainerStates.from(parse("""
                {'Id': 'a', 'Name': '/a', 'State': {'Status': 'created', 'Running': false, 'ExitCode': 0}}
                """));
        assertThat(created.running()).isFalse();
        assertThat(created.exitCode()).isEmpty();
        assertThat(created.labels()).isEmpty();
    }

    @Test
    void readsTheLoopbackHostPortOfEachPublishedPort() throws Exception {
        ContainerState state = ContainerStates.from(parse("""
                {'Id': 'a', 'Name': '/a', 'State': {'Status': 'running', 'Running': true},
                 'NetworkSettings': {'Ports': {
                    '8080/tcp': [{'HostIp': '0.0.0.0', 'HostPort': '1111'}, {'HostIp': '127.0.0.1', 'HostPort': '49153'}],
                    '9090/tcp': null},
                  'Networks': {'bridge': {'IPAddress': ''}}}}
                """));
        assertThat(state.publishedPorts()).containsExactly(java.util.Map.entry(8080, 49153));
        assertThat(state.ipAddresses()).isEmpty();
    }
}
