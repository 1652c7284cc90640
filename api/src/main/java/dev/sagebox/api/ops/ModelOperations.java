package dev.sagebox.api.ops;

import static dev.sagebox.core.Errors.validation;

import dev.sagebox.api.wire.ListRequest;
import dev.sagebox.api.wire.ModelWire;
import dev.sagebox.core.Page;
import dev.sagebox.core.Tag;
import dev.sagebox.hosting.ContainerDefinition;
import dev.sagebox.hosting.Model;
import dev.sagebox.hosting.ModelService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** CreateModel, DescribeModel, ListModels and DeleteModel on the wire. */
public final class ModelOperations {
    private final ModelService models;
    private final TagService tags;

    public ModelOperations(ModelService models, TagService tags) {
        this.models = models;
        this.tags = tags;
    }

    public void register(OperationRegistry.Builder registry) {
        registry.add("CreateModel", ModelWire.CreateRequest.class, this::create);
        registry.add("DescribeModel", ModelWire.NameRequest.class, r -> describe(models.describe(r.modelName())));
        registry.add("ListModels", ListRequest.class, this::list);
        registry.add("DeleteModel", ModelWire.NameRequest.class, r -> {
            Model gone = models.describe(r.modelName());
            models.delete(r.modelName());
            tags.forget(gone.arn());
            return Map.of();
        });
    }

    private ModelWire.CreateResponse create(ModelWire.CreateRequest r) {
        List<ModelWire.Container> containers = containers(r);
        List<Tag> initialTags = tags.checked(r.tags());
        List<ContainerDefinition> defs = containers.stream().map(ModelOperations::domain).toList();
        Model model = models.create(r.modelName(), defs.get(0), defs.subList(1, defs.size()), r.containers() != null,
                Optional.ofNullable(r.executionRoleArn()), Boolean.TRUE.equals(r.enableNetworkIsolation()));
        tags.tagNew(model.arn(), initialTags);
        return new ModelWire.CreateResponse(model.arn().toString());
    }

    /** The model's containers in order: PrimaryContainer (+ 2017 SupplementalContainers), or Containers. */
    private static List<ModelWire.Container> containers(ModelWire.CreateRequest r) {
        if (r.primaryContainer() != null && r.containers() != null) {
            throw validation("Only one of PrimaryContainer or Containers may be specified.");
        }
        List<ModelWire.Container> out = new ArrayList<>();
        if (r.primaryContainer() != null) {
            out.add(r.primaryContainer());
            if (r.supplementalContainers() != null) {
                out.addAll(r.supplementalContainers());
            }
        } else if (r.containers() != null && !r.containers().isEmpty()) {
            out.addAll(r.containers());
        } else {
            throw validation("Either PrimaryContainer or Containers must be specified.");
        }
        if (r.inferenceExecutionConfig() != null && "Direct".equals(r.inferenceExecutionConfig().mode())) {
            throw validation("InferenceExecutionConfig Mode Direct is not supported by Sagebox; use Serial.");
        }
        long named = out.stream().filter(c -> c.containerHostname() != null).count();
        if (named != 0 && named != out.size()) {
            throw validation("ContainerHostname must be specified for either all or none of the containers.");
        }
        for (ModelWire.Container c : out) {
            if (c.image() == null) {
                throw validation("Image must be specified for every container of the model.");
            }
        }
        return out;
    }

    private Object list(ListRequest r) {
        Page<Model> page = models.list(ListQueries.NEWEST_FIRST.toQuery(r));
        return new ModelWire.ListResponse(
                page.items().stream()
                        .map(m -> new ModelWire.Summary(m.name(), m.arn().toString(), m.creationTime()))
                        .toList(),
                page.nextToken().orElse(null));
    }

    private static ModelWire.DescribeResponse describe(Model m) {
        List<ModelWire.Container> all = new ArrayList<>();
        all.add(wire(m.primaryContainer()));
        m.supplementalContainers().forEach(c -> all.add(wire(c)));
        return new ModelWire.DescribeResponse(
                m.name(),
                m.givenAsContainers() ? null : all.get(0),
                m.givenAsContainers() || all.size() > 1 ? all : null,
                m.executionRoleArn().orElse(null),
                m.creationTime(),
                m.arn().toString(),
                m.enableNetworkIsolation());
    }

    private static ContainerDefinition domain(ModelWire.Container c) {
        return new ContainerDefinition(Optional.ofNullable(c.containerHostname()), c.image(),
                Optional.ofNullable(c.modelDataUrl()).or(() -> archiveOf(c)),
                c.environment() == null ? Map.of() : c.environment());
    }

    /**
     * A ModelDataSource naming one gzipped archive is a ModelDataUrl by another name; uncompressed model data under a
     * prefix is not staged by Sagebox.
     */
    private static Optional<String> archiveOf(ModelWire.Container c) {
        if (c.modelDataSource() == null || c.modelDataSource().s3DataSource() == null) {
            return Optional.empty();
        }
        if (c.modelDataUrl() != null) {
            throw validation("A container may have ModelDataUrl or ModelDataSource, not both.");
        }
        ModelWire.S3ModelDataSource s3 = c.modelDataSource().s3DataSource();
        if (!"S3Object".equals(s3.s3DataType()) || !"Gzip".equals(s3.compressionType())) {
            throw validation("Sagebox supports ModelDataSource.S3DataSource only for one model.tar.gz (S3DataType"
                    + " S3Object, CompressionType Gzip); give uncompressed model data as a tar.gz in ModelDataUrl.");
        }
        return Optional.of(s3.s3Uri());
    }

    private static ModelWire.Container wire(ContainerDefinition c) {
        return new ModelWire.Container(c.containerHostname().orElse(null), c.image(), c.modelDataUrl().orElse(null),
                c.environment().isEmpty() ? null : c.environment());
    }
}
