package dev.sagebox.hosting.transform;

import static dev.sagebox.hosting.transform.Bytes.all;
import static dev.sagebox.hosting.transform.Bytes.b;
import static dev.sagebox.hosting.transform.Bytes.csv;
import static dev.sagebox.hosting.transform.Bytes.in;
import static dev.sagebox.hosting.transform.Bytes.json;
import static dev.sagebox.hosting.transform.Bytes.processing;
import static dev.sagebox.hosting.transform.Bytes.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JoinTest {
    @Test
    void withoutFiltersOrJoinTheResponseIsReturnedAsIs() {
        TransformRecords records = csv(SplitType.LINE, BatchStrategy.MULTI_RECORD, 0,
                processing("$[1:]", "$", JoinSource.NONE));
        Payload payload = all(records.payloads(in("a,1\nb,2\n"))).get(0);
        byte[] response = b("0.1\n0.2\n");

        assertThat(records.output(payload, response)).isSameAs(response);
    }

    @Test
    void csvSingleRecordJoinAppendsTheAnswerToTheOriginalRow() {
        TransformRecords records = csv(SplitType.LINE, BatchStrategy.SINGLE_RECORD, 0,
                processing("$[1:]", null, JoinSource.INPUT));
        List<Payload> payloads = all(records.payloads(in("id1,1,2\nid2,3,4\n")));

        assertThat(s(payloads.get(0).body())).isEqualTo("1,2");
        assertThat(s(records.output(payloads.get(0), b("0.9\n")))).isEqualTo("id1,1,2,0.9");
        assertThat(s(records.output(payloads.get(1), b("0.1")))).isEqualTo("id2,3,4,0.1");
    }

    @Test
    void csvMultiRecordJoinSplitsTheResponsePerRecord() {
        TransformRecords records = csv(SplitType.LINE, BatchStrategy.MULTI_RECORD, 0,
                processing("$[1:]", null, JoinSource.INPUT));
        Payload payload = all(records.payloads(in("id1,1,2\nid2,3,4\n"))).get(0);

        assertThat(s(records.output(payload, b("0.9\r\n0.1\n")))).isEqualTo("id1,1,2,0.9\nid2,3,4,0.1\n");
    }

    @Test
    void csvOutputFilterSelectsFromTheJoinedRow() {
        TransformRecords records = csv(SplitType.LINE, BatchStrategy.MULTI_RECORD, 0,
                processing("$[1:]", "$[0,-1]", JoinSource.INPUT));
        Payload payload = all(records.payloads(in("id1,1,2\nid2,3,4\n"))).get(0);

        assertThat(s(records.output(payload, b("yes\nno\n")))).isEqualTo("id1,yes\nid2,no\n");
    }

    @Test
    void csvOutputFilterWithoutJoinFiltersTheAnswer() {
        TransformRecords records = csv(SplitType.LINE, BatchStrategy.SINGLE_RECORD, 0,
                processing(null, "$[1]", JoinSource.NONE));
        Payload payload = all(records.payloads(in("x\n"))).get(0);

        assertThat(s(records.output(payload, b("label,0.75\n")))).isEqualTo("0.75");
    }

    @Test
    void aResponseWithTheWrongNumberOfLinesFailsTheJob() {
        TransformRecords records = csv(SplitType.LINE, BatchStrategy.MULTI_RECORD, 0,
                processing(null, null, JoinSource.INPUT));
        Payload payload = all(records.payloads(in("a\nb\nc\n"))).get(0);

        assertThatThrownBy(() -> records.output(payload, b("1\n2\n")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 lines").hasMessageContaining("3 records");
    }

    @Test
    void jsonObjectJoinAddsSageMakerOutput() {
        TransformRecords records = json(SplitType.LINE, BatchStrategy.SINGLE_RECORD, 0,
                processing("$.features", null, JoinSource.INPUT));
        Payload payload = all(records.payloads(in("{\"id\":1,\"features\":[0.5,1.5]}\n"))).get(0);

        assertThat(s(payload.body())).isEqualTo("[0.5,1.5]");
        assertThat(s(records.output(payload, b("{\"score\":0.9}"))))
                .isEqualTo("{\"id\":1,\"features\":[0.5,1.5],\"SageMakerOutput\":{\"score\":0.9}}");
        assertThat(s(records.output(payload, b("cat\n"))))
                .isEqualTo("{\"id\":1,\"features\":[0.5,1.5],\"SageMakerOutput\":\"cat\"}");
    }

    @Test
    void jsonNonObjectJoinWrapsInputAndOutput() {
        TransformRecords records = json(SplitType.LINE, BatchStrategy.SINGLE_RECORD, 0,
                processing(null, null, JoinSource.INPUT));
        Payload payload = all(records.payloads(in("[1,2]\n"))).get(0);

        assertThat(s(records.output(payload, b("0.5"))))
                .isEqualTo("{\"SageMakerInput\":[1,2],\"SageMakerOutput\":0.5}");
    }

    @Test
    void jsonMultiRecordJoinWithOutputFilter() {
        TransformRecords records = json(SplitType.LINE, BatchStrategy.MULTI_RECORD, 0,
                processing("$.features", "$['id','SageMakerOutput']", JoinSource.INPUT));
        Payload payload = all(records.payloads(in("{\"id\":1,\"features\":[1]}\n{\"id\":2,\"features\":[2]}\n"))).get(0);

        assertThat(s(payload.body())).isEqualTo("[1]\n[2]\n");
        assertThat(s(records.output(payload, b("{\"p\":0.1}\n{\"p\":0.2}\n"))))
                .isEqualTo("{\"id\":1,\"SageMakerOutput\":{\"p\":0.1}}\n{\"id\":2,\"SageMakerOutput\":{\"p\":0.2}}\n");
    }

    @Test
    void jsonOutputFilterWithoutJoinFiltersTheAnswer() {
        TransformRecords records = new TransformRecords(SplitType.NONE, BatchStrategy.SINGLE_RECORD, 0,
                processing(null, "$.predictions[0]", JoinSource.NONE), Optional.of("application/json"),
                Optional.of("application/json"));
        Payload payload = all(records.payloads(in("{\"instances\":[1]}"))).get(0);

        assertThat(s(records.output(payload, b("{\n  \"predictions\": [ {\"a\": 1} ]\n}\n")))).isEqualTo("{\"a\":1}");
    }

    @Test
    void splitNoneCsvJoinsRowByRow() {
        TransformRecords records = csv(SplitType.NONE, BatchStrategy.SINGLE_RECORD, 0,
                processing("$[1:]", null, JoinSource.INPUT));
        Payload payload = all(records.payloads(in("a,1\nb,2\n"))).get(0);

        assertThat(s(records.output(payload, b("x\ny\n")))).isEqualTo("a,1,x\nb,2,y\n");
    }

    @Test
    void anOutputFilterIndexOutsideTheJoinedRowFails() {
        TransformRecords records = csv(SplitType.LINE, BatchStrategy.SINGLE_RECORD, 0,
                processing(null, "$[9]", JoinSource.INPUT));
        Payload payload = all(records.payloads(in("a,1\n"))).get(0);

        assertThatThrownBy(() -> records.output(payload, b("x"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("index 9");
    }
}
