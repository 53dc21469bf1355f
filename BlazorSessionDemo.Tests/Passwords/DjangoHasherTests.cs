using BlazorSessionDemo.Auth;
using BlazorSessionDemo.Auth.Hashers;

namespace BlazorSessionDemo.Tests.Passwords;

/// <summary>
/// Django 3.2's password formats, byte for byte: vectors written by Django's own <c>make_password</c> (Debian's
/// python3-django with python3-bcrypt and python3-argon2) verify here, and stored strings that do not parse (planted
/// or damaged in a shared database) are refused without an exception and without running their parameters.
/// </summary>
public sealed class DjangoHasherTests
{
    private readonly DjangoPasswordHasher _hasher = new(Options.Create(new AuthSettings { BcryptWorkFactor = 10 }));

    // make_password('pässwörd ✓ ' + hasher, hasher=hasher) under Django 3.2.
    [Theory]
    [InlineData("pbkdf2_sha256", "pbkdf2_sha256$260000$06zAcUZDL6hW6bqyOjAakp$i1ZgLPy269UMbVPFPpf7rYTeXJcqaWTX8DYyLX1uv4w=")]
    [InlineData("pbkdf2_sha1", "pbkdf2_sha1$260000$hy6nIRCtY6bTCmFINtdsWj$PKl+odCTWWBzutOuHclm57PgrZE=")]
    [InlineData("bcrypt_sha256", "bcrypt_sha256$$2b$12$ATXKEP.MZ5w7mxak1kLrmOSxkqHqQzeGgaDFs55CZ810ZTTmPApk6")]
    [InlineData("bcrypt", "bcrypt$$2b$12$xXsc91j8FYgGO8F5g.3MhuSh4CLq5JR/IRwIv2CevUBtdyDw7vol6")]
    [InlineData("argon2", "argon2$argon2id$v=19$m=102400,t=2,p=8$eVZyakZ2OTByNnZlTFdWNGlJTWp5Wg$2e1Ar8gZOteAiy8PZPecRw")]
    public void DjangosHash_VerifiesTheRightPassword_AndRefusesAnother(string algorithm, string stored)
    {
        Assert.True(_hasher.Verify(stored, "pässwörd ✓ " + algorithm));
        Assert.False(_hasher.Verify(stored, "pässwörd ✓ " + algorithm + " "));
        Assert.True(_hasher.NeedsRehash(stored));
    }

    [Fact]
    public void BcryptSha256_ChecksPasswordsLongerThanBcryptReads_AsDjangoDoes()
    {
        // make_password('ü' * 50, hasher='bcrypt_sha256'): 100 bytes, all of which count thanks to the SHA-256 pre-hash.
        const string stored = "bcrypt_sha256$$2b$12$mZeX9k9d0yRZo9t4f7dftO9mtM46eGfq9urTH3qZ3uufOn9ZXtVNW";
        Assert.True(_hasher.Verify(stored, new string('ü', 50)));
        Assert.False(_hasher.Verify(stored, new string('ü', 49) + "u"));
    }

    [Fact]
    public void NewHashes_AreDjangosBcryptSha256_AtTheConfiguredCost_AndNeedNoRehash()
    {
        var stored = _hasher.Hash("a new password");

        Assert.Matches(@"^bcrypt_sha256\$\$2b\$10\$[./A-Za-z0-9]{53}$", stored);
        Assert.True(_hasher.Verify(stored, "a new password"));
        Assert.False(_hasher.NeedsRehash(stored));
        Assert.True(new DjangoPasswordHasher(Options.Create(new AuthSettings { BcryptWorkFactor = 11 })).NeedsRehash(stored));
    }

    [Theory]
    [InlineData("")]
    [InlineData("$")]
    [InlineData("$$$$")]
    [InlineData("no-dollar-at-all")]
    [InlineData("md5$salt$2a8fd0f5b6e1e8d5d2f1b8e9e8f3a7c1")]
    [InlineData("unsalted_sha1$$0beec7b5ea3f0fdbc95d0dd47f3c5bc275da8a33")]
    [InlineData("!unusable0123456789012345678901234567890")]
    [InlineData("pbkdf2_sha256")]
    [InlineData("pbkdf2_sha256$")]
    [InlineData("pbkdf2_sha256$abc$salt$i1ZgLPy269UMbVPFPpf7rYTeXJcqaWTX8DYyLX1uv4w=")]
    [InlineData("pbkdf2_sha256$0$salt$i1ZgLPy269UMbVPFPpf7rYTeXJcqaWTX8DYyLX1uv4w=")]
    [InlineData("pbkdf2_sha256$-1$salt$i1ZgLPy269UMbVPFPpf7rYTeXJcqaWTX8DYyLX1uv4w=")]
    [InlineData("pbkdf2_sha256$+260000$salt$i1ZgLPy269UMbVPFPpf7rYTeXJcqaWTX8DYyLX1uv4w=")]
    [InlineData("pbkdf2_sha256$2147483647$salt$i1ZgLPy269UMbVPFPpf7rYTeXJcqaWTX8DYyLX1uv4w=")]
    [InlineData("pbkdf2_sha256$99999999999999999999$salt$i1ZgLPy269UMbVPFPpf7rYTeXJcqaWTX8DYyLX1uv4w=")]
    [InlineData("pbkdf2_sha256$260000$$i1ZgLPy269UMbVPFPpf7rYTeXJcqaWTX8DYyLX1uv4w=")]
    [InlineData("pbkdf2_sha256$260000$salt$short")]
    [InlineData("pbkdf2_sha256$260000$salt$extra$i1ZgLPy269UMbVPFPpf7rYTeXJcqaWTX8DYyLX1uv4w=")]
    [InlineData("bcrypt_sha256$")]
    [InlineData("bcrypt_sha256$$2b$")]
    [InlineData("bcrypt_sha256$$2b$99$ATXKEP.MZ5w7mxak1kLrmOSxkqHqQzeGgaDFs55CZ810ZTTmPApk6")]
    [InlineData("bcrypt_sha256$$2b$03$ATXKEP.MZ5w7mxak1kLrmOSxkqHqQzeGgaDFs55CZ810ZTTmPApk6")]
    [InlineData("bcrypt_sha256$$2z$12$ATXKEP.MZ5w7mxak1kLrmOSxkqHqQzeGgaDFs55CZ810ZTTmPApk6")]
    [InlineData("bcrypt_sha256$$2b$12$ATXKEP.MZ5w7mxak1kLrmOSxkqHqQzeGgaDFs55CZ810ZTTmPApk")]
    [InlineData("bcrypt_sha256$$2b$12$ATXKEP.MZ5w7mxak1kLrmOSxkqHqQzeGgaDFs55CZ810ZTTmPApk6\n")]
    [InlineData("bcrypt$2b$12$xXsc91j8FYgGO8F5g.3MhuSh4CLq5JR/IRwIv2CevUBtdyDw7vol6")]
    [InlineData("argon2$argon2id$v=19$m=102400,t=2,p=8$eVZyakZ2OTByNnZlTFdWNGlJTWp5Wg")]
    [InlineData("argon2$argon2id$v=16$m=102400,t=2,p=8$eVZyakZ2OTByNnZlTFdWNGlJTWp5Wg$2e1Ar8gZOteAiy8PZPecRw")]
    [InlineData("argon2$argon2x$v=19$m=102400,t=2,p=8$eVZyakZ2OTByNnZlTFdWNGlJTWp5Wg$2e1Ar8gZOteAiy8PZPecRw")]
    [InlineData("argon2$argon2id$v=19$m=4294967296,t=2,p=8$eVZyakZ2OTByNnZlTFdWNGlJTWp5Wg$2e1Ar8gZOteAiy8PZPecRw")]
    [InlineData("argon2$argon2id$v=19$m=2097152,t=2,p=8$eVZyakZ2OTByNnZlTFdWNGlJTWp5Wg$2e1Ar8gZOteAiy8PZPecRw")]
    [InlineData("argon2$argon2id$v=19$m=102400,t=100000,p=8$eVZyakZ2OTByNnZlTFdWNGlJTWp5Wg$2e1Ar8gZOteAiy8PZPecRw")]
    [InlineData("argon2$argon2id$v=19$m=102400,t=2,p=0$eVZyakZ2OTByNnZlTFdWNGlJTWp5Wg$2e1Ar8gZOteAiy8PZPecRw")]
    [InlineData("argon2$argon2id$v=19$m=8,t=1,p=8$eVZyakZ2OTByNnZlTFdWNGlJTWp5Wg$2e1Ar8gZOteAiy8PZPecRw")]
    [InlineData("argon2$argon2id$v=19$m=102400,t=2$eVZyakZ2OTByNnZlTFdWNGlJTWp5Wg$2e1Ar8gZOteAiy8PZPecRw")]
    [InlineData("argon2$argon2id$v=19$m=102400,t=2,p=8$not*base64$2e1Ar8gZOteAiy8PZPecRw")]
    [InlineData("argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$2e1Ar8gZOteAiy8PZPecRw")]
    public void StoredStringThatDoesNotParse_IsRefused_WithoutAnException_AndWithoutRunningIt(string stored)
    {
        Assert.False(_hasher.Verify(stored, "pässwörd ✓ pbkdf2_sha256"));
        Assert.True(_hasher.NeedsRehash(stored));
        // A known hasher refuses the string before any work (Malformed): a planted 2^31 iterations or 4 TiB of memory
        // is never run; the login then costs the dummy verification at the configured cost instead.
        if (DjangoPasswordHasher.AlgorithmOf(stored) is { } algorithm && DjangoPasswordHasher.HasherFor(algorithm) is { } hasher)
        {
            Assert.Equal(HashCheck.Malformed, hasher.Verify("pässwörd ✓ pbkdf2_sha256", stored));
        }
    }

    [Fact]
    public void EmptyOrOverlongPassword_IsRefused_WithoutHashing()
    {
        const string stored = "pbkdf2_sha256$1$salt$mf2Nwi7lNl0wGAk8dwMtXJCbBfOomtPiYJ5w6XcT2us=";
        Assert.True(_hasher.Verify(stored, "x"));
        Assert.False(_hasher.Verify(stored, ""));
        Assert.False(_hasher.Verify(stored, new string('x', DjangoPasswordHasher.MaxCheckedPasswordBytes + 1)));
        Assert.False(_hasher.Verify(null, "x"));
    }
}
