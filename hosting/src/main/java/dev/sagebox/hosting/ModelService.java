package dev.sagebox.hosting;

import static dev.sagebox.core.Errors.validation;

import dev.sagebox.core.AwsScope;
import dev.sagebox.core.ListQuery;
import dev.sagebox.core.Page;
import dev.sagebox.core.ResourceType;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** CreateModel, DescribeModel, ListModels and DeleteModel. */
public final class ModelService {
    private final ModelRepository models;
    private final AwsScope scope;
    private final Clock clock;

    public ModelService(ModelRepository models, AwsScope scope, Clock clock) {
        this.models = models;
        this.scope = scope;
        this.clock = clock;
    }

    public Model create(
            String name,
            ContainerDefinition primary,
            List<ContainerDefinition> supplemental,
            boolean givenAsContainers,
            Optional<String> executionRoleArn) {
        return create(name, primary, supplemental, givenAsContainers, executionRoleArn, false);
    }

    /** As {@link #create(String, ContainerDefinition, List, boolean, Optional)}, with EnableNetworkIsolation. */
    public Model create(
            String name,
            ContainerDefinition primary,
            List<ContainerDefinition> supplemental,
            boolean givenAsContainers,
            Optional<String> executionRoleArn,
            boolean enableNetworkIsolation) {
        Model model = new Model(name, scope.arn(ResourceType.MODEL, name), primary, supplemental, givenAsContainers,
                executionRoleArn, clock.instant(), enableNetworkIsolation);
        if (!models.insertIfAbsent(model)) {
            throw validation("Cannot create already existing model \"%s\".", model.arn());
        }
        return model;
    }

    public Model describe(String name) {
        return models.find(name).orElseThrow(() -> notFound(name));
    }

    public Page<Model> list(ListQuery query) {
        return models.list(query);
    }

    public void delete(String name) {
        if (!models.delete(name)) {
            throw notFound(name);
        }
    }

    private RuntimeException notFound(String name) {
        return validation("Could not find model \"%s\".", scope.arn(ResourceType.MODEL, name));
    }
}
