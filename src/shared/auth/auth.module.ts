import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { RateLimitGuard } from '../http/rate-limit/rate-limit.guard';
import { RateLimitModule } from '../http/rate-limit/rate-limit.module';
import { JwtAuthGuard, RolesGuard } from './authorized.decorator';
import { JwtStrategy } from './jwt.strategy';

@Module({
  imports: [PassportModule.register({ session: false }), RateLimitModule],
  providers: [JwtStrategy, JwtAuthGuard, RateLimitGuard, RolesGuard],
  exports: [PassportModule, JwtAuthGuard, RateLimitGuard, RolesGuard],
})
export class AuthModule {}
