package chat.endpoint;

import chat.config.ConfigException;
import chat.core.protocol.Identifiers;
import chat.config.Settings;
import chat.core.access.RoomGrants;
import chat.core.events.Refusal;
import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Identity from a signed token: the handshake must carry {@code token=<JWT>}, signed with HS256
 * and the shared secret, with an expiry ({@code exp}) in the future; its subject ({@code sub})
 * becomes the userId. A token naming critical header extensions ({@code crit}) is refused: this
 * server understands none. The {@code userId} query parameter is ignored. A {@code rooms} claim, an
 * array of room patterns ({@link RoomGrants}), names the rooms the connection may enter where access
 * is by token; a claim of another shape, or with an invalid pattern, refuses the token. Thread-safe.
 */
public final class JwtIdentity implements Identity {
    /** HS256 wants a key at least as long as its hash: 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;
    private static final long LEEWAY_SECONDS = 5;
    /** The claim naming the rooms a token grants where access is by token. */
    public static final String ROOMS_CLAIM = "rooms";

    private final JWTVerifier verifier;

    /**
     * {@code AUTH_SECRET}, checked to be long enough for HS256; empty when unset.
     *
     * @throws ConfigException when it is too short (without repeating it: it is a secret)
     */
    public static Optional<String> secretFrom(Settings settings) {
        String secret = settings.raw(EndpointSettings.AUTH_SECRET.name());
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(longEnough(secret));
        } catch (IllegalArgumentException tooShort) {
            throw new ConfigException("AUTH_SECRET is invalid: " + tooShort.getMessage());
        }
    }

    /** Signed tokens when {@code secret} is present, else the trusted {@code userId} parameter. */
    public static Identity orQueryUserId(Optional<String> secret) {
        return secret.<Identity>map(JwtIdentity::new).orElseGet(QueryUserId::new);
    }

    /** @throws IllegalArgumentException when {@code secret} is shorter than {@value #MIN_SECRET_BYTES} bytes */
    public JwtIdentity(String secret) {
        this.verifier = JWT.require(Algorithm.HMAC256(longEnough(secret)))
                .withClaimPresence("exp")
                .withClaimPresence("sub")
                .acceptLeeway(LEEWAY_SECONDS)
                .build();
    }

    @Override
    public Result resolve(Map<String, List<String>> queryParameters) {
        List<String> tokens = queryParameters.get("token");
        if (tokens == null || tokens.isEmpty() || tokens.get(0).isEmpty()) {
            return Result.refused("token is required", Refusal.MISSING_TOKEN);
        }
        if (tokens.size() > 1) {
            return Result.refused("token is given more than once", Refusal.INVALID_TOKEN);
        }
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(tokens.get(0));
        } catch (TokenExpiredException e) {
            return Result.refused("token expired", Refusal.INVALID_TOKEN);
        } catch (SignatureVerificationException | AlgorithmMismatchException e) {
            return Result.refused("token signature is invalid", Refusal.INVALID_TOKEN);
        } catch (MissingClaimException e) {
            return Result.refused("token lacks the " + e.getClaimName() + " claim", Refusal.INVALID_TOKEN);
        } catch (JWTDecodeException e) {
            return Result.refused("token is malformed", Refusal.INVALID_TOKEN);
        } catch (JWTVerificationException e) {
            return Result.refused("token rejected", Refusal.INVALID_TOKEN);
        }
        if (!jwt.getHeaderClaim("crit").isMissing()) {
            // RFC 7515, 4.1.11: a recipient that does not understand every critical extension must reject the token
            return Result.refused("token has critical header extensions (crit) this server does not understand",
                    Refusal.INVALID_TOKEN);
        }
        String subject = jwt.getSubject();
        Optional<String> problem = Identifiers.userIdProblem(subject);
        if (problem.isPresent()) {
            return Result.refused("token subject is not a valid userId: " + problem.get(), Refusal.INVALID_TOKEN);
        }
        Claim rooms = jwt.getClaim(ROOMS_CLAIM);
        if (rooms.isMissing() || rooms.isNull()) {
            return Result.user(subject);
        }
        List<String> patterns;
        try {
            patterns = rooms.asList(String.class);
        } catch (JWTDecodeException notStrings) {
            patterns = null;
        }
        if (patterns == null) {
            return Result.refused("token's rooms claim must be an array of room patterns", Refusal.INVALID_TOKEN);
        }
        RoomGrants.Result grants = RoomGrants.parse(patterns);
        if (grants instanceof RoomGrants.Invalid invalid) {
            return Result.refused("token's rooms claim: " + invalid.problem(), Refusal.INVALID_TOKEN);
        }
        return Result.user(subject, ((RoomGrants.Valid) grants).grants());
    }

    static String longEnough(String secret) {
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("must be at least " + MIN_SECRET_BYTES + " bytes long for HS256");
        }
        return secret;
    }
}
