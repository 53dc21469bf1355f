using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorSessionDemo.Data.Migrations
{
    /// <inheritdoc />
    public partial class SessionCatalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "session_catalog",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    session_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    session_key = table.Column<string>(type: "text", nullable: false),
                    fingerprint = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    engine = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created = table.Column<string>(type: "datetime", nullable: false),
                    last_activity = table.Column<string>(type: "datetime", nullable: false),
                    expire_date = table.Column<string>(type: "datetime", nullable: false),
                    ip_address = table.Column<string>(type: "TEXT", maxLength: 45, nullable: false),
                    user_agent = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    device = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_session_catalog", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "session_catalog_created",
                table: "session_catalog",
                column: "created");

            migrationBuilder.CreateIndex(
                name: "session_catalog_device",
                table: "session_catalog",
                column: "device");

            migrationBuilder.CreateIndex(
                name: "session_catalog_expire_date",
                table: "session_catalog",
                column: "expire_date");

            migrationBuilder.CreateIndex(
                name: "session_catalog_fingerprint",
                table: "session_catalog",
                column: "fingerprint");

            migrationBuilder.CreateIndex(
                name: "session_catalog_ip_address",
                table: "session_catalog",
                column: "ip_address");

            migrationBuilder.CreateIndex(
                name: "session_catalog_last_activity",
                table: "session_catalog",
                column: "last_activity");

            migrationBuilder.CreateIndex(
                name: "session_catalog_session_id",
                table: "session_catalog",
                column: "session_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "session_catalog_user_id",
                table: "session_catalog",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "session_catalog");
        }
    }
}
