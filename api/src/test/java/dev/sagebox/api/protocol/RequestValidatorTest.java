package dev.sagebox.api.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {
    private static final ServiceModel MODEL = ServiceModel.load();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::123456789012:role/SageMakerRole";
    private static final String MODEL_NAME_PATTERN = "^[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?";

    private final RequestValidator validator = new RequestValidator(MODEL);

    @Test
    void modelNameWithAnUnderscoreGetsTheAwsText() {
        assertInvalid("CreateModel", "{'ModelName':'x_y','ExecutionRoleArn':'" + ROLE + "'}").hasMessage(
                "1 validation error detected: Value 'x_y' at 'modelName' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: " + MODEL_NAME_PATTERN);
    }

    @Test
    void allViolationsAreCountedAndJoinedInModelMemberOrder() {
        String longBadName = "a_".repeat(40);

        assertInvalid("CreateModel", "{'ModelName':'" + longBadName + "','ExecutionRoleArn':'role'}").hasMessage(
                "4 validation errors detected: "
                        + "Value 'role' at 'executionRoleArn' failed to satisfy constraint: Member must satisfy regular"
                        + " expression pattern: ^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+; "
                        + "Value 'role' at 'executionRoleArn' failed to satisfy constraint: Member must have length"
                        + " greater than or equal to 20; "
                        + "Value '" + longBadName + "' at 'modelName' failed to satisfy constraint: Member must satisfy"
                        + " regular expression pattern: " + MODEL_NAME_PATTERN + "; "
                        + "Value '" + longBadName + "' at 'modelName' failed to satisfy constraint: Member must have"
                        + " length less than or equal to 63");
    }

    @Test
    void listItemsArePathedOneBasedWithMember() {
        String body = trainingJob("'InputDataConfig':[" + channel("train") + "," + channel("bad name!") + "]");

        assertInvalid("CreateTrainingJob", body).hasMessage("1 validation error detected: Value 'bad name!' at"
                + " 'inputDataConfig.2.member.channelName' failed to satisfy constraint: Member must satisfy regular"
                + " expression pattern: ^[A-Za-z0-9\\.\\-_]+");
    }

    @Test
    void enumViolationsListTheValuesInModelOrder() {
        String body = trainingJob("'AlgorithmSpecification':{'TrainingImage':'img','TrainingInputMode':'Stream'}");

        assertInvalid("CreateTrainingJob", body).hasMessage("1 validation error detected: Value 'Stream' at"
                + " 'algorithmSpecification.trainingInputMode' failed to satisfy constraint: Member must satisfy enum"
                + " value set: [Pipe, File, FastFile]");
    }

    @Test
    void instanceTypeEnumNamesEveryModelValue() {
        String body = trainingJob("'ResourceConfig':{'InstanceType':'ml.fake.xlarge','InstanceCount':1,"
                + "'VolumeSizeInGB':10}");

        assertInvalid("CreateTrainingJob", body)
                .hasMessageStartingWith("1 validation error detected: Value 'ml.fake.xlarge' at"
                        + " 'resourceConfig.instanceType' failed to satisfy constraint: Member must satisfy enum value"
                        + " set: [ml.m4.xlarge, ml.m4.2xlarge, ml.m4.4xlarge, ")
                .hasMessageEndingWith("]");
    }

    @Test
    void absentRequiredMembersAreNull() {
        assertInvalid("CreateTrainingJob", "{}").hasMessage("3 validation errors detected: "
                + "Value null at 'outputDataConfig' failed to satisfy constraint: Member must not be null; "
                + "Value null at 'roleArn' failed to satisfy constraint: Member must not be null; "
                + "Value null at 'trainingJobName' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void requiredMembersInsideListItemsAreChecked() {
        assertInvalid("AddTags", "{'ResourceArn':'arn:aws:sagemaker:us-east-1:123456789012:model/m',"
                + "'Tags':[{'Key':'k'}]}").hasMessage("1 validation error detected: Value null at"
                + " 'tags.1.member.value' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void jsonNullCountsAsAbsentAndANullListItemIsReported() {
        assertInvalid("DescribeModel", "{'ModelName':null}").hasMessage("1 validation error detected: Value null at"
                + " 'modelName' failed to satisfy constraint: Member must not be null");
        assertInvalid("DeleteTags", "{'ResourceArn':'arn:aws:sagemaker:us-east-1:123456789012:model/m',"
                + "'TagKeys':['a',null]}").hasMessage("1 validation error detected: Value null at 'tagKeys.2.member'"
                + " failed to satisfy constraint: Member must not be null");
    }

    @Test
    void aMissingOrNullBodyIsAnEmptyInput() {
        String expected = "1 validation error detected: Value null at 'modelName' failed to satisfy constraint:"
                + " Member must not be null";
        assertThatThrownBy(() -> validator.validate("DescribeModel", MissingNode.getInstance())).hasMessage(expected);
        assertThatThrownBy(() -> validator.validate("DescribeModel", NullNode.getInstance())).hasMessage(expected);
        assertThatCode(() -> validator.validate("ListModels", MissingNode.getInstance())).doesNotThrowAnyException();
    }

    @Test
    void numberRangesPrintTheBoundAsTheModelGivesIt() {
        assertInvalid("ListModels", "{'MaxResults':0}").hasMessage("1 validation error detected: Value '0' at"
                + " 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1");
        assertInvalid("ListModels", "{'MaxResults':101}").hasMessage("1 validation error detected: Value '101' at"
                + " 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100");
        assertInvalid("CreateTrainingJob", trainingJob("'ResourceConfig':{'InstanceType':'ml.m4.xlarge',"
                + "'InstanceCount':-1,'VolumeSizeInGB':10}")).hasMessage("1 validation error detected: Value '-1' at"
                + " 'resourceConfig.instanceCount' failed to satisfy constraint: Member must have value greater than"
                + " or equal to 0");
        assertValid("ListModels", "{'MaxResults':100}");
        assertValid("ListModels", "{'MaxResults':1}");
    }

    @Test
    void floatBoundsCompareNumerically() {
        String variant = "{'VariantName':'v','DesiredWeight':-0.5}";

        assertInvalid("UpdateEndpointWeightsAndCapacities", "{'EndpointName':'ep','DesiredWeightsAndCapacities':["
                + variant + "]}").hasMessage("1 validation error detected: Value '-0.5' at"
                + " 'desiredWeightsAndCapacities.1.member.desiredWeight' failed to satisfy constraint: Member must"
                + " have value greater than or equal to 0");
    }

    @Test
    void tagKeyLengthIsBounded() {
        String key = "k".repeat(129);

        assertInvalid("AddTags", "{'ResourceArn':'arn:aws:sagemaker:us-east-1:123456789012:model/m',"
                + "'Tags':[{'Key':'" + key + "','Value':'v'}]}").hasMessage("1 validation error detected: Value '"
                + key + "' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or"
                + " equal to 128");
    }

    @Test
    void stringMinimumAppliesToAPresentEmptyValue() {
        assertInvalid("AddTags", "{'ResourceArn':'arn:aws:sagemaker:us-east-1:123456789012:model/m',"
                + "'Tags':[{'Key':'','Value':''}]}").hasMessage("1 validation error detected: Value '' at"
                + " 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal"
                + " to 1");
    }

    @Test
    void listLengthIsBounded() {
        assertInvalid("CreateTrainingJob", trainingJob("'InputDataConfig':[]")).hasMessage("1 validation error"
                + " detected: Value '[]' at 'inputDataConfig' failed to satisfy constraint: Member must have length"
                + " greater than or equal to 1");
    }

    @Test
    void mapKeysAndValuesAreReportedOnceEachWithEveryConstraint() {
        String longKey = "k".repeat(257);
        String longValue = "v".repeat(2501);
        String body = trainingJob("'HyperParameters':{'ok':'1','" + longKey + "':'2','x':'" + longValue + "',"
                + "'y':'" + longValue + "'}");
        String map = "{ok=1, " + longKey + "=2, x=" + longValue + ", y=" + longValue + "}";

        assertInvalid("CreateTrainingJob", body).hasMessage("2 validation errors detected: "
                + "Value '" + map + "' at 'hyperParameters' failed to satisfy constraint: Map keys must satisfy"
                + " constraint: [Member must have length less than or equal to 256, Member must have length greater"
                + " than or equal to 0, Member must satisfy regular expression pattern: ^.*]; "
                + "Value '" + map + "' at 'hyperParameters' failed to satisfy constraint: Map value must satisfy"
                + " constraint: [Member must have length less than or equal to 2500, Member must have length greater"
                + " than or equal to 0, Member must satisfy regular expression pattern: ^.*]");
    }

    @Test
    void mapSizeIsBoundedAndRenderedAsAMap() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            many.append(i == 0 ? "" : ",").append("'k").append(i).append("':'v'");
        }

        assertInvalid("CreateTrainingJob", trainingJob("'HyperParameters':{" + many + "}"))
                .hasMessageStartingWith("1 validation error detected: Value '{k0=v, k1=v, ")
                .hasMessageEndingWith("k100=v}' at 'hyperParameters' failed to satisfy constraint: Member must have"
                        + " length less than or equal to 100");
    }

    @Test
    void wrongJsonTypesAreSerializationErrors() {
        assertSerialization("DescribeModel", "{'ModelName':5}", "NUMBER_VALUE can not be converted to a String");
        assertSerialization("DescribeModel", "{'ModelName':true}", "TRUE_VALUE can not be converted to a String");
        assertSerialization("DescribeModel", "{'ModelName':['a']}", "Start of list found where not expected.");
        assertSerialization("DescribeModel", "{'ModelName':{}}", "Start of structure or map found where not expected.");
        assertSerialization("CreateTrainingJob", trainingJob("'ResourceConfig':'big'"),
                "STRING_VALUE can not be converted to a Structure");
        assertSerialization("CreateTrainingJob", trainingJob("'ResourceConfig':{'InstanceCount':'2'}"),
                "STRING_VALUE can not be converted to an Integer");
        assertSerialization("CreateTrainingJob", trainingJob("'ResourceConfig':{'InstanceCount':1.5}"),
                "DECIMAL_VALUE can not be converted to an Integer");
        assertSerialization("CreateTrainingJob", trainingJob("'ResourceConfig':{'InstanceCount':3000000000}"),
                "NUMBER_VALUE can not be converted to an Integer");
        assertSerialization("CreateTrainingJob", trainingJob("'InputDataConfig':{'ChannelName':'train'}"),
                "Start of structure or map found where not expected.");
        assertSerialization("CreateTrainingJob", trainingJob("'InputDataConfig':'train'"),
                "STRING_VALUE can not be converted to a List");
        assertSerialization("CreateTrainingJob", trainingJob("'HyperParameters':{'epochs':10}"),
                "NUMBER_VALUE can not be converted to a String");
        assertSerialization("CreateTrainingJob", trainingJob("'HyperParameters':[]"),
                "Start of list found where not expected.");
        assertSerialization("CreateModel", "{'ModelName':'m','EnableNetworkIsolation':'true'}",
                "STRING_VALUE can not be converted to a Boolean");
        assertSerialization("CreateModel", "{'ModelName':'m','EnableNetworkIsolation':1}",
                "NUMBER_VALUE can not be converted to a Boolean");
        assertSerialization("ListModels", "{'CreationTimeAfter':'2024-01-01T00:00:00Z'}",
                "STRING_VALUE can not be converted to a Timestamp");
        assertSerialization("ListModels", "{'MaxResults':'10'}", "STRING_VALUE can not be converted to an Integer");
    }

    @Test
    void aBodyThatIsNotAnObjectIsASerializationError() {
        assertSerialization("ListModels", "[]", "Start of list found where not expected.");
        assertSerialization("ListModels", "'text'", "STRING_VALUE can not be converted to a Structure");
        assertSerialization("ListModels", "42", "NUMBER_VALUE can not be converted to a Structure");
    }

    @Test
    void typeErrorsWinOverConstraintViolationsWhereverTheyAre() {
        assertSerialization("CreateModel", "{'ModelName':'x_y','EnableNetworkIsolation':'no'}",
                "STRING_VALUE can not be converted to a Boolean");
    }

    @Test
    void timestampsAcceptIntegralAndFractionalEpochSeconds() {
        assertValid("ListModels", "{'CreationTimeAfter':1529870369,'CreationTimeBefore':1529870369.986}");
    }

    @Test
    void floatsAcceptIntegralNumbers() {
        assertValid("UpdateEndpointWeightsAndCapacities", "{'EndpointName':'ep','DesiredWeightsAndCapacities':"
                + "[{'VariantName':'v','DesiredWeight':1}]}");
    }

    @Test
    void unknownMembersAreIgnoredAtEveryLevel() {
        assertValid("CreateModel", "{'ModelName':'m','ExecutionRoleArn':'" + ROLE + "','FromTheFuture':{'x':[1]},"
                + "'PrimaryContainer':{'Image':'img','NewKnob':5}}");
    }

    @Test
    void aRealisticTrainingJobIsValid() {
        assertValid("CreateTrainingJob", trainingJob("'AlgorithmSpecification':{'TrainingImage':'img:1',"
                + "'TrainingInputMode':'File'},'InputDataConfig':[" + channel("train") + "," + channel("validation")
                + "],'ResourceConfig':{'InstanceType':'ml.m4.xlarge','InstanceCount':2,'VolumeSizeInGB':30},"
                + "'StoppingCondition':{'MaxRuntimeInSeconds':3600},'HyperParameters':{'epochs':'10','lr':'0.1'},"
                + "'Tags':[{'Key':'team','Value':'ml'}],'EnableNetworkIsolation':false"));
    }

    @Test
    void unknownOperationsAreTheCallersToRender() {
        assertThat(MODEL.hasOperation("CreateCluster")).isFalse();
        assertThatThrownBy(() -> validator.validate("CreateCluster", json("{}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void assertValid(String operation, String body) {
        assertThatCode(() -> validator.validate(operation, json(body))).doesNotThrowAnyException();
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(String operation, String body) {
        return assertThatThrownBy(() -> validator.validate(operation, json(body)))
                .isInstanceOf(SageboxException.class)
                .hasFieldOrPropertyWithValue("code", ErrorCode.VALIDATION_EXCEPTION);
    }

    private void assertSerialization(String operation, String body, String message) {
        assertThatThrownBy(() -> validator.validate(operation, json(body)))
                .isInstanceOf(SageboxException.class)
                .hasFieldOrPropertyWithValue("code", ErrorCode.SERIALIZATION_EXCEPTION)
                .hasMessage(message);
    }

    private static String trainingJob(String extraMembers) {
        List<String> members = new ArrayList<>(List.of("'TrainingJobName':'job-1'", "'RoleArn':'" + ROLE + "'",
                "'OutputDataConfig':{'S3OutputPath':'s3://bucket/out'}"));
        members.add(extraMembers);
        return "{" + String.join(",", members) + "}";
    }

    private static String channel(String name) {
        return "{'ChannelName':'" + name + "','DataSource':{'S3DataSource':{'S3DataType':'S3Prefix',"
                + "'S3Uri':'s3://bucket/" + "data'}}}";
    }

    /** Tests write JSON with single quotes for readability; no test value contains one. */
    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
