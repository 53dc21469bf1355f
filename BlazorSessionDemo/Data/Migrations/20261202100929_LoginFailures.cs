using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorSessionDemo.Data.Migrations
{
    /// <inheritdoc />
    public partial class LoginFailures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "login_failures",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    partition_key = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    attempted_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_login_failures", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "login_failures_attempted_at",
                table: "login_failures",
                column: "attempted_at");

            migrationBuilder.CreateIndex(
                name: "login_failures_partition_key_attempted_at",
                table: "login_failures",
                columns: new[] { "partition_key", "attempted_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "login_failures");
        }
    }
}
