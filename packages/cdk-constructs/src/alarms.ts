import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { resourceName } from './stage';

export interface OpsAlarmProps {
  /** The alarm's name, with the stage in it (`sfe-dev-email-service-learner-emails-errors`). */
  readonly alarmName: string;
  /** What it means, for the person it reaches. */
  readonly alarmDescription: string;
  readonly metric: IMetric;
  /** Fires when the metric is above this (default 0: any datapoint above zero). */
  readonly threshold?: number;
  /** Consecutive periods above the threshold before it fires (default 1). */
  readonly evaluationPeriods?: number;
  /** The ops topic (`lookupPlatform(...).opsTopic`): told when the alarm fires and when it clears. */
  readonly topic: ITopic;
}

/**
 * A CloudWatch alarm that reaches people: it notifies the ops topic when it fires and when it returns to OK
 * (`SnsAction`). Missing data is not a breach, since an idle queue or function publishes no datapoints. Every
 * alarm of the platform is one of these, so none is silent (`expectEveryAlarmNotifiesOps` checks it).
 *
 * @example
 * new OpsAlarm(this, 'IteratorAgeAlarm', {
 *   alarmName: `${name}-iterator-age`, alarmDescription: 'Behind the table', topic: platform.opsTopic,
 *   metric: fn.metric('IteratorAge', { statistic: 'Maximum' }), threshold: 300_000, evaluationPeriods: 5,
 * });
 */
export class OpsAlarm extends Alarm {
  constructor(scope: Construct, id: string, props: OpsAlarmProps) {
    super(scope, id, {
      alarmName: props.alarmName,
      alarmDescription: props.alarmDescription,
      metric: props.metric,
      threshold: props.threshold ?? 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: props.evaluationPeriods ?? 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(props.topic);
    this.addAlarmAction(action);
    this.addOkAction(action);
  }
}

/** The period of the platform's alarms: a minute, so a person hears within minutes. */
export const ALARM_PERIOD = Duration.minutes(1);

/** The ops topic's name in a stage (`sfe-dev-ops`): infra creates it and publishes its ARN (`opsTopicArn`). */
export function opsTopicName(stage: string): string {
  return resourceName(stage, 'ops');
}
