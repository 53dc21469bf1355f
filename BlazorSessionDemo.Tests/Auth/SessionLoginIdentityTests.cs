using System.Security.Claims;
using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Data;
using DjangoSessions;
using DjangoSessions.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorSessionDemo.Tests.Auth;

/// <summary>
/// A login's identity makes its claims when first read (as Django's request.user is a SimpleLazyObject): whatever
/// reads them, by whichever member, from however many threads, sees the same claims in the same order, made with the
/// identity as their subject, for the user and session key it was built with. Asking whether it is authenticated
/// makes none.
/// </summary>
public sealed class SessionLoginIdentityTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private SessionIdentity _sessions = null!;

    public Task InitializeAsync()
    {
        _sessions = _app.Services.GetRequiredService<SessionIdentity>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static CachedUser User(bool staff = false) => new(new User
    {
        Id = 42, Username = "bob", Email = "bob@example.com", PasswordHash = "x", IsStaff = staff,
    });

    private static readonly string Key = SessionKeys.Generate();

    private (string Type, string Value)[] Expected(bool staff = false) =>
    [
        (ClaimTypes.NameIdentifier, "42"),
        (ClaimTypes.Name, "bob"),
        (ClaimTypes.Email, "bob@example.com"),
        .. staff ? new[] { (SessionAuthenticationHandler.StaffClaim, "true") } : [],
        (SessionAuthenticationHandler.SessionFingerprintClaim, _sessions.FingerprintOf(Key)!),
    ];

    private static (string, string)[] Pairs(IEnumerable<Claim> claims) => [.. claims.Select(c => (c.Type, c.Value))];

    [Fact]
    public void IsAuthenticatedUnderTheSchemeWithoutReadingAClaim()
    {
        var identity = new SessionLoginIdentity(User(), Key, _sessions);

        Assert.True(identity.IsAuthenticated);
        Assert.True(new SessionPrincipal(identity, 42).Identity!.IsAuthenticated);
        Assert.False(identity.ClaimsMade);

        Assert.Equal(SessionAuthenticationHandler.SchemeName, identity.AuthenticationType);
        Assert.True(identity.ClaimsMade);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ClaimsAreTheUsersAndTheSessionsFingerprintInOrder(bool staff)
    {
        var identity = new SessionLoginIdentity(User(staff), Key, _sessions);

        Assert.Equal(Expected(staff), Pairs(identity.Claims));
        Assert.All(identity.Claims, claim => Assert.Same(identity, claim.Subject));
        Assert.Equal(staff, identity.HasClaim(SessionAuthenticationHandler.StaffClaim, "true"));
    }

    public static TheoryData<string> Readers => ["FindFirst", "FindFirstPredicate", "FindAll", "FindAllPredicate", "HasClaim",
        "HasClaimPredicate", "Name", "Principal", "Clone", "WriteTo", "CopyConstructor", "PrincipalCopy", "AddClaim", "TryRemoveClaim"];

    [Theory]
    [MemberData(nameof(Readers))]
    public void EveryMemberSeesTheClaimsWhenItIsTheFirstToRead(string reader)
    {
        var identity = new SessionLoginIdentity(User(), Key, _sessions);
        var extra = new Claim("extra", "1");
        var fingerprint = _sessions.FingerprintOf(Key);
        Assert.False(identity.ClaimsMade);

        switch (reader)
        {
            case "FindFirst":
                Assert.Equal("42", identity.FindFirst(ClaimTypes.NameIdentifier)?.Value);
                break;
            case "FindFirstPredicate":
                Assert.Equal("bob@example.com", identity.FindFirst(c => c.Type == ClaimTypes.Email)?.Value);
                break;
            case "FindAll":
                Assert.Equal([fingerprint], identity.FindAll(SessionAuthenticationHandler.SessionFingerprintClaim).Select(c => c.Value));
                break;
            case "FindAllPredicate":
                Assert.Equal(Expected().Length, identity.FindAll(_ => true).Count());
                break;
            case "HasClaim":
                Assert.True(identity.HasClaim(ClaimTypes.Name, "bob"));
                break;
            case "HasClaimPredicate":
                Assert.True(identity.HasClaim(c => c.Value == "42"));
                break;
            case "Name":
                Assert.Equal("bob", identity.Name);
                break;
            case "Principal":
                Assert.Equal("42", new SessionPrincipal(identity, 42).FindFirstValue(ClaimTypes.NameIdentifier));
                break;
            case "Clone":
                Assert.Equal(Expected(), Pairs(identity.Clone().Claims));
                break;
            case "WriteTo":
                using (var stream = new MemoryStream())
                {
                    using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
                    {
                        identity.WriteTo(writer);
                    }
                    stream.Position = 0;
                    Assert.Equal(Expected(), Pairs(new ClaimsIdentity(new BinaryReader(stream)).Claims));
                }
                break;
            case "CopyConstructor":
                Assert.Equal(Expected(), Pairs(new ClaimsIdentity(identity).Claims));
                break;
            case "PrincipalCopy":
                Assert.Equal(Expected(), Pairs(new ClaimsPrincipal(new SessionPrincipal(identity, 42)).Clone().Claims));
                break;
            case "AddClaim":
                identity.AddClaim(extra);
                Assert.Equal([.. Expected(), ("extra", "1")], Pairs(identity.Claims));
                return;
            case "TryRemoveClaim":
                Assert.True(identity.TryRemoveClaim(identity.FindFirst(ClaimTypes.Email)));
                Assert.Equal(Expected().Where(c => c.Type != ClaimTypes.Email), Pairs(identity.Claims));
                return;
        }
        // Read once, the claims stay as they were made: never made a second time.
        Assert.Equal(Expected(), Pairs(identity.Claims));
    }

    [Fact]
    public void TheFingerprintIsOfTheKeyItWasBuiltWith()
    {
        var other = SessionKeys.Generate();
        var identity = new SessionLoginIdentity(User(), Key, _sessions);

        Assert.Equal(_sessions.FingerprintOf(Key), identity.FindFirst(SessionAuthenticationHandler.SessionFingerprintClaim)?.Value);
        Assert.NotEqual(_sessions.FingerprintOf(other), identity.FindFirst(SessionAuthenticationHandler.SessionFingerprintClaim)?.Value);
    }

    [Fact]
    public void WithoutFingerprintsThereIsNoFingerprintClaim()
    {
        var identity = new SessionLoginIdentity(User(), Key, sessions: null);

        Assert.Equal(Expected().Where(c => c.Type != SessionAuthenticationHandler.SessionFingerprintClaim), Pairs(identity.Claims));
    }

    [Fact]
    public void ManyThreadsReadingFirstAllSeeTheWholeListOnce()
    {
        for (var round = 0; round < 200; round++)
        {
            var identity = new SessionLoginIdentity(User(), Key, _sessions);
            var seen = new int[8];
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => seen[i] = identity.Claims.Count());
            Assert.All(seen, count => Assert.Equal(Expected().Length, count));
            Assert.Equal(Expected(), Pairs(identity.Claims));
        }
    }
}
