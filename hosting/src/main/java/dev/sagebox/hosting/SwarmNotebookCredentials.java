package dev.sagebox.hosting;

import dev.sagebox.core.credentials.CredentialDelivery;
import dev.sagebox.core.credentials.DelegatedCredentials;
import dev.sagebox.storage.credentials.CredentialFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A notebook instance's own credentials on a swarm node, where the server's rotating credential files are not: its
 * Jupyter gets the instance's key ({@link DelegatedCredentials}) in its environment, and an AWS config whose
 * {@code credential_process} derives the current window's credentials from it in Python, as the server does in Java.
 * They stop verifying when the instance stops (its credentials are revoked), as on one engine; the key itself does not
 * rotate.
 */
final class SwarmNotebookCredentials {
    static final String KEY_VARIABLE = "SAGEBOX_CREDENTIAL_KEY";
    static final String WINDOW_VARIABLE = "SAGEBOX_CREDENTIAL_WINDOW_MILLIS";

    /**
     * {@link DelegatedCredentials#at} of the window that began a minute ago (a node clock up to a minute ahead is
     * harmless: the previous window's credentials verify through the next), printed as credential_process prints.
     * One line without single quotes: botocore splits the command as a shell would and runs it without one.
     */
    static final String PROCESS = "python3 -c 'import base64,hashlib,hmac,json,os,time,datetime as d;"
            + "k=base64.b64decode(os.environ[\"" + KEY_VARIABLE + "\"]);w=int(os.environ[\"" + WINDOW_VARIABLE
            + "\"]);m=lambda t:hmac.new(k,t.encode(),hashlib.sha256).digest();n=(int(time.time()*1000)-60000)//w;"
            + "i=\"ASIA\"+m(\"access-key-id\\n%d\"%n)[:8].hex().upper();print(json.dumps({\"Version\":1,"
            + "\"AccessKeyId\":i,\"SecretAccessKey\":base64.b64encode(m(\"secret\\n\"+i)).decode()[:40],"
            + "\"SessionToken\":base64.b64encode(m(\"session-token\\n\"+i)).decode(),\"Expiration\":"
            + "d.datetime.fromtimestamp((n+2)*w/1000,d.timezone.utc).strftime(\"%Y-%m-%dT%H:%M:%SZ\")}))'";

    private SwarmNotebookCredentials() {
    }

    /** Writes the config into {@code folder} (the same for every instance: no secret in it); returns the folder. */
    static Path config(Path folder) {
        try {
            CredentialFiles.prepare(folder, PROCESS);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the notebook credential config in " + folder, e);
        }
    }

    /** What the instance's Jupyter gets in its environment: where the config is, and the instance's key. */
    static Map<String, String> environment(DelegatedCredentials key) {
        Map<String, String> env = new LinkedHashMap<>(CredentialDelivery.containerEnvironment());
        env.put(KEY_VARIABLE, key.ownerKey());
        env.put(WINDOW_VARIABLE, Long.toString(key.window().toMillis()));
        return env;
    }
}
