package dev.sagebox.api.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.api.SignedHttp;
import dev.sagebox.api.TestSagebox;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * IAM on the API port through the Java SDK's IamClient (query protocol, XML answers): the GetRole and
 * SimulatePrincipalPolicy that SageMaker clients call to check an execution role, and STS naming the role session
 * every key acts as.
 */
class IamTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static IamClient iam;

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(home);
        iam = sagebox.onApiPort(IamClient.builder());
    }

    @AfterAll
    static void stop() {
        iam.close();
        sagebox.close();
    }

    @Test
    void everyRoleNameOfTheAccountExistsAndTrustsSageMaker() {
        Role role = iam.getRole(r -> r.roleName("SageboxRole")).role();
        assertThat(role.arn()).isEqualTo(ROLE);
        assertThat(role.roleName()).isEqualTo("SageboxRole");
        assertThat(role.path()).isEqualTo("/");
        assertThat(role.roleId()).matches("AROA[A-Z2-7]{17}");
        assertThat(role.createDate()).isNotNull();
        assertThat(role.maxSessionDuration()).isEqualTo(3600);
        String trust = URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8);
        assertThat(trust).contains("\"Service\":\"sagemaker.amazonaws.com\"", "\"Action\":\"sts:AssumeRole\"",
                "\"Effect\":\"Allow\"");

        Role other = iam.getRole(r -> r.roleName("team-ml.training@example")).role();
        assertThat(other.arn()).isEqualTo("arn:aws:iam::123456789012:role/team-ml.training@example");
        assertThat(other.roleId()).isNotEqualTo(role.roleId());
        assertThat(iam.getRole(r -> r.roleName("SageboxRole")).role()).isEqualTo(role);
    }

    @Test
    void aMalformedRoleNameIsAValidationError() {
        assertThatThrownBy(() -> iam.getRole(r -> r.roleName("no spaces allowed")))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("roleName", "[\\w+=,.@-]+");
                });
    }

    @Test
    void simulationAllowsEveryActionAndPagesWithMarkers() {
        List<String> actions = List.of("sagemaker:CreateTrainingJob", "s3:PutObject", "s3:GetObject",
                "logs:PutLogEvents", "ecr:GetAuthorizationToken");
        SimulatePrincipalPolicyResponse first = iam.simulatePrincipalPolicy(r -> r.policySourceArn(ROLE)
                .actionNames(actions).maxItems(2));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.marker()).isNotBlank();
        assertThat(first.evaluationResults()).hasSize(2);

        List<EvaluationResult> all = iam.simulatePrincipalPolicyPaginator(r -> r.policySourceArn(ROLE)
                .actionNames(actions).maxItems(2)).evaluationResults().stream().toList();
        assertThat(all).extracting(EvaluationResult::evalActionName).containsExactlyElementsOf(actions);
        assertThat(all).allSatisfy(result -> {
            assertThat(result.evalDecisionAsString()).isEqualTo("allowed");
            assertThat(result.evalResourceName()).isEqualTo("*");
            assertThat(result.matchedStatements()).singleElement()
                    .satisfies(s -> assertThat(s.sourcePolicyId()).isEqualTo("SageboxExecutionPolicy"));
        });
    }

    @Test
    void eachActionIsSimulatedOnEachResource() {
        List<EvaluationResult> results = iam.simulatePrincipalPolicy(r -> r
                .policySourceArn("arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole")
                .actionNames("s3:PutObject", "s3:GetObject")
                .resourceArns("arn:aws:s3:::sagemaker-us-east-1-123456789012/*", "arn:aws:s3:::data/*"))
                .evaluationResults();
        assertThat(results).extracting(r -> r.evalActionName() + " " + r.evalResourceName()).containsExactly(
                "s3:PutObject arn:aws:s3:::sagemaker-us-east-1-123456789012/*", "s3:PutObject arn:aws:s3:::data/*",
                "s3:GetObject arn:aws:s3:::sagemaker-us-east-1-123456789012/*", "s3:GetObject arn:aws:s3:::data/*");
    }

    @Test
    void rolesOfAnotherAccountAndUsersDoNotExist() {
        assertThatThrownBy(() -> iam.simulatePrincipalPolicy(r -> r
                .policySourceArn("arn:aws:iam::210987654321:role/SageboxRole").actionNames("s3:GetObject")))
                .isInstanceOfSatisfying(NoSuchEntityException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage()).contains("SageboxRole", "123456789012");
                });
        assertThatThrownBy(() -> iam.simulatePrincipalPolicy(r -> r
                .policySourceArn("arn:aws:iam::123456789012:user/alice").actionNames("s3:GetObject")))
                .isInstanceOf(NoSuchEntityException.class);
        assertThatThrownBy(() -> iam.simulatePrincipalPolicy(r -> r
                .policySourceArn("not-an-arn").actionNames("s3:GetObject")))
                .isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInput"));
    }

    @Test
    void membersThatNeedAPolicyEvaluatorAreRefusedAndForeignMarkersToo() {
        assertThatThrownBy(() -> iam.simulatePrincipalPolicy(r -> r.policySourceArn(ROLE).actionNames("s3:GetObject")
                .policyInputList("{\"Version\":\"2012-10-17\",\"Statement\":[]}")))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInput");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("PolicyInputList");
                });
        // PolicyExclusionList is newer than the Java SDK 2.40 these tests use: the form as botocore 1.43 sends it.
        HttpResponse<String> excluded = new SignedHttp(sagebox.endpoint(), "sagebox", "sagebox-secret", "iam").send("/",
                Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                ("Action=SimulatePrincipalPolicy&Version=2010-05-08&PolicySourceArn=" + ROLE
                        + "&ActionNames.member.1=s3%3AGetObject&PolicyExclusionList.member.1=arn%3Aaws%3Aiam%3A%3Aaws"
                        + "%3Apolicy%2FAmazonSageMakerFullAccess").getBytes(StandardCharsets.UTF_8), true,
                Clock.systemUTC());
        assertThat(excluded.statusCode()).isEqualTo(400);
        assertThat(excluded.body()).contains("<Code>InvalidInput</Code>", "PolicyExclusionList");
        assertThatThrownBy(() -> iam.simulatePrincipalPolicy(r -> r.policySourceArn(ROLE).actionNames("s3:GetObject")
                .marker("bm90LWdpdmVu")))
                .isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInput"));
    }

    @Test
    void stsNamesASessionOfTheExecutionRoleWhoseRoleIamKnows() {
        try (StsClient sts = sagebox.onApiPort(StsClient.builder())) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            assertThat(identity.arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/SageboxRole/sagebox");
            Role role = iam.getRole(r -> r.roleName("SageboxRole")).role();
            assertThat(identity.userId()).isEqualTo(role.roleId() + ":sagebox");
        }
    }
}
