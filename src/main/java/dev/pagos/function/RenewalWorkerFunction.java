package dev.pagos.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.pagos.billing.Renewals;
import dev.pagos.queue.BatchWork;
import dev.pagos.queue.SqsEvents;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * SQS event source of the renewal queue: one renewal per message, up to RENEWALS_WORKER_PARALLELISM of a batch at
 * once (the function's reserved concurrency bounds the instances). Answers with the batch item failures
 * (ReportBatchItemFailures), so one failed renewal does not bring the whole batch back: a failure, or a message
 * another delivery is still working on, is named and comes back after the visibility timeout; after the queue's
 * maxReceiveCount it goes to the dead-letter queue, whose alarm calls a person.
 */
@Named(Routes.RENEWAL_WORKER)
public class RenewalWorkerFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Inject
    Renewals renewals;

    @ConfigProperty(name = "pagos.renewals.worker-parallelism", defaultValue = "10")
    int parallelism;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> sqsEvent, Context context) {
        return SqsEvents.batchItemFailures(BatchWork.failures(SqsEvents.messages(sqsEvent), parallelism,
                message -> renewals.renewDispatched(message.body()).delivery() != Renewals.Delivery.BUSY));
    }
}
