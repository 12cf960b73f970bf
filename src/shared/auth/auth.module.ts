import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { RateLimitGuard } from '../http/rate-limit/rate-limit.guard';
import { RateLimitModule } from '../http/rate-limit/rate-limit.module';
import { JwtAuthGuard, RolesGuard } from './authorized.decorator';
import { Credentials } from './credentials';
import { JwtStrategy } from './jwt.strategy';
import { VerifiedTokens } from './verified-tokens';

@Module({
  imports: [PassportModule.register({ session: false }), RateLimitModule],
  providers: [Credentials, JwtStrategy, VerifiedTokens, JwtAuthGuard, RateLimitGuard, RolesGuard],
  exports: [PassportModule, Credentials, VerifiedTokens, JwtAuthGuard, RateLimitGuard, RolesGuard],
})
export class AuthModule {}
