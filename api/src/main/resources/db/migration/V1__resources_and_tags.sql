-- Every SageMaker resource lives in one table: the columns the List operations filter and sort on, and the
-- resource itself as a JSON document. Names are unique case-insensitively because their ARNs are lower-cased.
CREATE TABLE resource (
    resource_type      VARCHAR(32)   NOT NULL,
    name_key           VARCHAR(63)   NOT NULL,
    name               VARCHAR(63)   NOT NULL,
    arn                VARCHAR(256)  NOT NULL,
    status             VARCHAR(32),
    creation_time      BIGINT        NOT NULL,
    last_modified_time BIGINT        NOT NULL,
    document           CLOB          NOT NULL,
    PRIMARY KEY (resource_type, name_key)
);
CREATE INDEX resource_by_creation ON resource (resource_type, creation_time, name_key);

CREATE TABLE resource_tag (
    arn       VARCHAR(256) NOT NULL,
    tag_key   VARCHAR(128) NOT NULL,
    tag_value VARCHAR(256) NOT NULL,
    position  BIGINT       NOT NULL,
    PRIMARY KEY (arn, tag_key)
);

CREATE SEQUENCE tag_position;
